import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `bluelamp demo` loads the Met's inspection history: the counts match the seed and the grades table.
@Suite struct InspectionHistoryLoadTests {
    @Test func `the demo loads the Met's history with the seed's counts of findings`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let fixture = try InspectionResources.history()

            #expect(try await InspectionRecord.query(on: app.db).count() == fixture.inspections.count)
            #expect(try await InspectionRecord.query(on: app.db).count() == 5)
            #expect(
                try await AreaJudgementRecord.query(on: app.db).count()
                    == fixture.inspections.reduce(0) { $0 + $1.judgements.count })
            let findings = try await FindingRecord.query(on: app.db).all()
            // Counted by hand in seed 002: 11 areas for improvement, 1 cause of concern, 8 recommendations.
            #expect(findings.count == 20)
            #expect(findings.filter { $0.kind == FindingKind.areaForImprovement.rawValue }.count == 11)
            #expect(findings.filter { $0.kind == FindingKind.causeOfConcern.rawValue }.count == 1)
            #expect(findings.filter { $0.kind == FindingKind.recommendation.rawValue }.count == 8)
            #expect(
                findings.allSatisfy { $0.$owner.id != nil && $0.due != nil },
                "every finding has an owner and a due date")

            let periods = try await MonitoringStore.periods(on: app.db)
            #expect(periods.map(\.period.stage) == [.engage, .scan])
            let engage = try #require(periods.first { $0.period.stage == .engage }?.period)
            #expect(InspectionJSON.dayString(of: engage.entered) == "2022-06-28")
            #expect(engage.exited.map(InspectionJSON.dayString(of:)) == "2025-01-23")
            #expect(!engage.entryReasons.isEmpty && !engage.exitReasons.isEmpty)

            let milestones = try await MonitoringStore.milestones(on: app.db)
            #expect(milestones.count == 8)
            #expect(milestones.allSatisfy { !$0.findings.isEmpty })
            #expect(milestones.contains { !$0.milestone.targets.isEmpty })
            // The milestone plan belongs to Engage, though the demo's day is in Scan.
            let engageID = try #require(periods.first { $0.period.stage == .engage }?.id)
            #expect(milestones.allSatisfy { $0.periodID == engageID })
            #expect(milestones.allSatisfy { $0.milestone.override == nil }, "no status set by hand")
        }
    }

    @Test func `the cause of concern is stored with its eight recommendations linked`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let cause = try await InspectionTesting.findingID(app, "COC1")
            let detail = try #require(try await FindingStore.finding(id: cause, on: app.db))
            #expect(detail.recommendations.map(\.finding.id) == (1...8).map { "COC1-R\($0)" })
            #expect(
                detail.recommendations.allSatisfy {
                    $0.finding.leadIn?.hasPrefix("The force should immediately") == true
                })
        }
    }

    @Test func `loading the history again changes nothing`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let findings = try await FindingRecord.query(on: app.db).count()
            let history = try await FindingStatusChangeRecord.query(on: app.db).count()
            let snapshots = try await IndicatorSnapshot.query(on: app.db).count()
            try await InspectionTesting.loadHistory(app)
            #expect(try await InspectionRecord.query(on: app.db).count() == 5)
            #expect(try await FindingRecord.query(on: app.db).count() == findings)
            #expect(try await FindingStatusChangeRecord.query(on: app.db).count() == history)
            #expect(try await MilestoneRecord.query(on: app.db).count() == 8)
            #expect(try await IndicatorSnapshot.query(on: app.db).count() == snapshots)
        }
    }

    @Test func `the demo snapshots today's figures and invents no history`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app, trendMonths: 2)
            let today = IndicatorStore.dayString(InspectionTesting.now)
            let definitions = IndicatorStore.definitions()
            #expect(
                try await IndicatorStore.snapshotCount(day: today, on: app.db)
                    == definitions.count * IndicatorStore.snapshotScopes.count)
            // Every past snapshot is of an indicator the records can give for a past day.
            let past = try await IndicatorSnapshot.query(on: app.db).filter(\.$day != today).all()
            #expect(Set(past.map(\.day)) == ["2025-01-01", "2025-02-01"])
            #expect(past.allSatisfy { IndicatorStore.history(of: $0.indicatorID) == .anyPeriod })
            #expect(!past.contains { $0.indicatorID == OrganisationIndicatorStore.ID.officersUnavailable })
        }
    }
}
