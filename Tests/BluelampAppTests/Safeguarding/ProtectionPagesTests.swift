import BluelampCore
import BluelampPersistence
import Foundation
import Testing

@testable import BluelampApp

/// The safeguarding pages rendered from hand-built models: labels, the error summary, table headers with scope, and
/// the clocks as people read them.
@Suite struct ProtectionPagesTests {
    @Test func `the missing report form labels every field and lists the problems first`() {
        let html = MissingReportPage(
            model: .init(
                bcus: [.centralEast], errors: ["Date of birth: give the date of birth."], csrf: "t",
                typed: ["given_name": "Amy"])
        ).render().render()
        #expect(html.contains("There is a problem"))
        #expect(html.contains("Date of birth: give the date of birth."))
        for field in ["person_id", "given_name", "family_name", "date_of_birth", "reported_at", "risk_grade"] {
            #expect(html.contains("<label for=\"\(field)\""), "\(field)")
        }
        #expect(html.contains("value=\"Amy\""))
    }

    @Test func `the orders list shows the time left on each application and headers with scope`() {
        let now = Date()
        let order = ProtectionOrder(
            id: 7, bcu: .centralEast, perpetratorPersonID: 1, protectedPersonID: 2, stage: .notice,
            noticeServedAt: now.addingTimeInterval(-3_600), authorisingOfficerID: 3, authorisingOfficer: "A B",
            authorisingRank: .superintendent, noticeConditions: "x",
            applicationDueAt: now.addingTimeInterval(5 * 3_600 + 600),
            recordedBy: "x")
        let lists = ProtectionOrderService.BCULists(
            bcu: .centralEast, applicationsDue: [order], expiring: [],
            people: [1: SafeguardingPerson(id: 1, name: "Pat Served", dateOfBirth: nil)])
        let html = ProtectionOrdersPage(
            model: .init(lists: lists, bcus: [.centralEast], now: now, canManage: false)
        ).render().render()
        #expect(html.contains("DVPN 7"))
        #expect(html.contains("5 h 10 min left"))
        #expect(html.contains("Pat Served (1)"))
        #expect(html.contains("<th scope=\"col\">Time left</th>"))
        #expect(!html.contains("Record a DVPN"), "no form without the right to manage")
    }

    @Test(arguments: [(90, "1 min"), (3 * 3_600 + 120, "3 h 2 min"), (2 * 86_400 + 3_600 * 4, "2 d 4 h")])
    func `durations read in days, hours and minutes`(seconds: Int, text: String) {
        #expect(ProtectionOrderParts.duration(seconds) == text)
    }
}
