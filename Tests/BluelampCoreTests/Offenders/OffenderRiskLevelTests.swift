import BluelampCore
import Foundation
import Testing

@Suite struct OffenderRiskLevelTests {
    @Test func `reads the register's risk spellings`() {
        #expect(OffenderRiskLevel.allCases.map(\.rawValue) == ["low", "medium", "high", "very_high"])
        #expect(OffenderRiskLevel(fileValue: " Very_High ") == .veryHigh)
        #expect(OffenderRiskLevel(fileValue: "very high") == nil)
        #expect(OffenderRiskLevel(fileValue: "extreme") == nil)
    }

    @Test func `visits very high risk monthly, high quarterly, medium half-yearly and low yearly by default`() {
        #expect(OffenderRiskLevel.veryHigh.defaultVisitFrequencyMonths == 1)
        #expect(OffenderRiskLevel.high.defaultVisitFrequencyMonths == 3)
        #expect(OffenderRiskLevel.medium.defaultVisitFrequencyMonths == 6)
        #expect(OffenderRiskLevel.low.defaultVisitFrequencyMonths == 12)
    }

    @Test func `orders risk levels by severity`() {
        #expect(OffenderRiskLevel.allCases.sorted(by: >) == [.veryHigh, .high, .medium, .low])
    }

    @Test func `registered sex offenders are MAPPA category 1 on levels 1 to 3`() {
        #expect(MAPPACategory.registeredSexualOffender.rawValue == 1)
        #expect(MAPPALevel.allCases.map(\.rawValue) == [1, 2, 3])
        #expect(MAPPALevel.multiAgencyManagementWithSeniorOversight.label == "Level 3")
    }
}
