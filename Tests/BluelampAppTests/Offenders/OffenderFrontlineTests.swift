import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Frontline response and neighbourhood officers see their BCU's registered sex offenders (issue 15; PEEL 2016:
/// frontline officers did not know the RSOs in their area): what they need on patrol, audited per view, nothing more.
@Suite struct OffenderFrontlineTests {
    @Test func `a frontline officer sees the BCU's list, audited name by name, and nothing else of the register`()
        async throws
    {
        try await withTestApp { app in
            // Arrange
            let id = try await makeRSO(
                app,
                conditions: [
                    RSOCondition(
                        kind: .exclusionZone, detail: "Must not enter London Fields",
                        imposedOn: OffenderTestData.monthsAgo(6))
                ])
            let officer = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))

            // Act
            let list = try await app.testing().sendRequest(.GET, "/offenders/bcu/CE", headers: officer.headers())
            let record = try await app.testing().sendRequest(.GET, "/offenders/rso/\(id)", headers: officer.headers())
            let caseload = try await app.testing().sendRequest(.GET, "/offenders", headers: officer.headers())
            let other = try await app.testing().sendRequest(.GET, "/offenders/bcu/SE", headers: officer.headers())

            // Assert
            #expect(list.status == .ok)
            let html = list.body.string
            #expect(html.contains("Ryan Testcase") && html.contains("Dalston") && html.contains("High"))
            #expect(html.contains("Must not enter London Fields"), "what to look for")
            #expect(
                !html.contains("12 Restricted Road") && !html.contains("99/1234567Z"), "no address line, no PNC number")
            #expect(!html.contains("/offenders/rso/\(id)"), "no way into the record")
            #expect(html.contains("RSOs in CE"), "the navigation leads there")
            #expect(record.status == .forbidden)
            #expect(caseload.status == .forbidden)
            #expect(other.status == .forbidden)
            let reads = try await auditEntries(app, action: .read)
            #expect(reads.contains { $0.subjectPersonID == "rso:\(id)" && $0.role == "frontline_officer" })
            #expect(try await auditEntries(app, recordType: "rso_bcu_list", action: .read).count == 1)
        }
    }

    @Test func `the access table gives frontline officers the BCU list and safeguarding at the scene, nothing more`() {
        #expect(
            AccessPolicy.permissions(of: .frontlineOfficer).filter(\.touchesPersonalData) == [
                .viewBCURSOList, .viewSafeguarding, .recordSafeguarding, .viewOCGAwareness,
            ])
        for role in [Role.offenderManager, .supervisor, .investigator] {
            #expect(AccessPolicy.allows(role, .viewBCURSOList), "\(role)")
        }
        #expect(!AccessPolicy.allows(.inspector, .viewBCURSOList))
    }
}
