import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// DVPN → DVPO, Clare's Law and missing people over HTTP (issue 17), with their audit entries, roles and scope.
@Suite struct ProtectionOrderFlowTests {
    typealias Flow = AllocationFlowTests

    /// A time `hoursAgo` before now as the forms take it (London time, to the minute).
    static func formTime(hoursAgo: Double) -> String {
        SafeguardingTime.formText(Date().addingTimeInterval(-hoursAgo * 3_600))
    }

    static func person(_ app: Application, _ given: String, born: String? = nil) async throws -> Int {
        try await ProtectionOrderStore.addPerson(
            givenName: given, familyName: "Test", dateOfBirth: born.flatMap { CalendarDay($0) }, on: app.db)
    }

    static func officer(_ app: Application, rank: Rank, warrant: String) async throws -> Int {
        let id = try await makeOfficer(app, bcu: .centralEast, warrant: warrant, family: "Authoriser")
        let officer = try #require(try await Officer.find(id, on: app.db))
        officer.rank = rank.rawValue
        try await officer.update(on: app.db)
        return id
    }

    static func subjects(_ app: Application, _ recordType: AuditRecordType, action: AuditAction) async throws
        -> Set<String>
    {
        Set(
            try await auditEntries(app, recordType: recordType.rawValue, action: action).compactMap(\.subjectPersonID))
    }

    @Test func `a DVPN authorised by a superintendent is heard in time and becomes a DVPO, audited for both people`()
        async throws
    {
        try await withTestApp { app in
            let unit = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let perpetrator = try await Self.person(app, "Perp")
            let protected = try await Self.person(app, "Victim")
            let chiefInspector = try await Self.officer(app, rank: .chiefInspector, warrant: "CI1")
            let superintendent = try await Self.officer(app, rank: .superintendent, warrant: "SU1")
            var fields = [
                ("bcu", "CE"), ("perpetrator_person_id", String(perpetrator)),
                ("protected_person_id", String(protected)), ("served_at", Self.formTime(hoursAgo: 3)),
                ("authorising_officer_id", String(chiefInspector)), ("conditions", "Not to enter the home"),
            ]

            // A chief inspector may not authorise: refused with the reason, nothing written.
            let refused = try await Flow.post(app, "/safeguarding/orders", as: unit, fields: fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("authorised by a superintendent or above"))
            #expect(refused.body.string.contains("There is a problem"))
            #expect(try await ProtectionOrderRecord.query(on: app.db).count() == 0)

            fields[4] = ("authorising_officer_id", String(superintendent))
            let issued = try await Flow.post(app, "/safeguarding/orders", as: unit, fields: fields)
            #expect(issued.status == .seeOther)
            let row = try #require(try await ProtectionOrderRecord.query(on: app.db).first())
            let id = try row.requireID()
            #expect(row.authorisingRank == Rank.superintendent.rawValue)
            #expect(
                row.applicationDueAt
                    == (try ProtectionOrderRules.applicationDue(
                        servedAt: row.noticeServedAt, calendar: try BankHolidayCalendar.bundled())))

            // The BCU's list shows it with the time left.
            let list = try await app.testing().sendRequest(.GET, "/safeguarding/orders", headers: unit.headers())
            #expect(list.status == .ok)
            #expect(list.body.string.contains("DVPN \(id)"))
            #expect(list.body.string.contains(" left"))

            let hearing = try await Flow.post(
                app, "/safeguarding/orders/\(id)/hearing", as: unit, fields: [("heard_at", Self.formTime(hoursAgo: 1))])
            #expect(hearing.status == .seeOther)
            let tooLong = try await Flow.post(
                app, "/safeguarding/orders/\(id)/outcome", as: unit,
                fields: [
                    ("outcome", "order_made"), ("decided_at", Self.formTime(hoursAgo: 0.5)), ("days", "29"),
                    ("conditions", "Not to contact"),
                ])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.body.string.contains("14 to 28"))
            let made = try await Flow.post(
                app, "/safeguarding/orders/\(id)/outcome", as: unit,
                fields: [
                    ("outcome", "order_made"), ("decided_at", Self.formTime(hoursAgo: 0.5)), ("days", "28"),
                    ("conditions", "Not to contact"),
                ])
            #expect(made.status == .seeOther)
            let order = try #require(try await ProtectionOrderStore.order(id: id, on: app.db))
            #expect(order.stage == .orderMade)
            #expect(order.applicationInTime == true)
            #expect(order.orderExpiresAt == ProtectionOrderRules.orderExpiry(madeAt: order.orderMadeAt!, days: 28))
            let breach = try await Flow.post(
                app, "/safeguarding/orders/\(id)/breaches", as: unit,
                fields: [("occurred_at", Self.formTime(hoursAgo: 0.1)), ("details", "Came to the door; arrested")])
            #expect(breach.status == .seeOther)
            let page = try await app.testing().sendRequest(.GET, "/safeguarding/orders/\(id)", headers: unit.headers())
            #expect(page.body.string.contains("DVPO \(id)"))
            #expect(page.body.string.contains("Came to the door"))
            #expect(page.body.string.contains("within 48 hours"))

            let both: Set<String> = ["person:\(perpetrator)", "person:\(protected)"]
            #expect(try await Self.subjects(app, .protectionOrder, action: .create) == both)
            #expect(try await Self.subjects(app, .protectionOrder, action: .update) == both)
            #expect(try await Self.subjects(app, .protectionOrder, action: .read) == both)
        }
    }

    @Test func `another BCU's unit, frontline officers and inspectors cannot change or see what is not theirs`()
        async throws
    {
        try await withTestApp { app in
            let unit = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let other = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralNorth]))
            let frontline = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let inspector = try await signedIn(app, as: .inspector)
            let lead = try await signedIn(app, as: .performanceLead)
            let perpetrator = try await Self.person(app, "Perp")
            let protected = try await Self.person(app, "Victim")
            let superintendent = try await Self.officer(app, rank: .detectiveSuperintendent, warrant: "SU2")
            let issued = try await Flow.post(
                app, "/safeguarding/orders", as: unit,
                fields: [
                    ("bcu", "CE"), ("perpetrator_person_id", String(perpetrator)),
                    ("protected_person_id", String(protected)), ("served_at", Self.formTime(hoursAgo: 1)),
                    ("authorising_officer_id", String(superintendent)), ("conditions", "Not to enter the home"),
                ])
            #expect(issued.status == .seeOther)
            let id = try #require(try await ProtectionOrderRecord.query(on: app.db).first()?.id)

            let outside = try await app.testing().sendRequest(
                .GET, "/safeguarding/orders/\(id)", headers: other.headers())
            #expect(outside.status == .notFound)
            #expect(try await auditEntries(app, recordType: "protection_order", action: .denied).count == 1)
            let otherList = try await app.testing().sendRequest(
                .GET, "/safeguarding/orders?bcu=CE", headers: other.headers())
            #expect(otherList.status == .forbidden)
            let intoCE = try await Flow.post(
                app, "/safeguarding/orders/\(id)/hearing", as: other,
                fields: [("heard_at", Self.formTime(hoursAgo: 0.5))])
            #expect(intoCE.status == .notFound)

            // Frontline officers see the record but cannot manage it.
            let seen = try await app.testing().sendRequest(
                .GET, "/safeguarding/orders/\(id)", headers: frontline.headers())
            #expect(seen.status == .ok)
            #expect(!seen.body.string.contains("Record the outcome"))
            let change = try await Flow.post(
                app, "/safeguarding/orders/\(id)/hearing", as: frontline,
                fields: [("heard_at", Self.formTime(hoursAgo: 0.5))])
            #expect(change.status == .forbidden)

            // Inspectors and performance leads see aggregates only: none of the records' pages.
            for browser in [inspector, lead] {
                for path in [
                    "/safeguarding/orders", "/safeguarding/orders/\(id)", "/safeguarding/disclosures",
                    "/safeguarding/missing",
                ] {
                    let response = try await app.testing().sendRequest(.GET, path, headers: browser.headers())
                    #expect(response.status == .forbidden, "\(path)")
                }
            }
            #expect(try await ProtectionOrderStore.order(id: id, on: app.db)?.stage == .notice)
        }
    }

    @Test func `a Clare's Law request under the right to ask is decided with its reason within 28 days`() async throws {
        try await withTestApp { app in
            let unit = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let atRisk = try await Self.person(app, "Asker")
            let partner = try await Self.person(app, "Partner")
            let recorded = try await Flow.post(
                app, "/safeguarding/disclosures", as: unit,
                fields: [
                    ("bcu", "CE"), ("route", "right_to_ask"), ("person_at_risk_id", String(atRisk)),
                    ("subject_person_id", String(partner)), ("applicant", ""),
                    ("received_at", Self.formTime(hoursAgo: 48)),
                ])
            #expect(recorded.status == .seeOther)
            let id = try #require(try await DisclosureRequestRecord.query(on: app.db).first()?.id)
            let list = try await app.testing().sendRequest(.GET, "/safeguarding/disclosures", headers: unit.headers())
            #expect(list.body.string.contains("Request \(id)"))

            let noReason = try await Flow.post(
                app, "/safeguarding/disclosures/\(id)/decision", as: unit,
                fields: [("decision", "disclose"), ("decided_at", Self.formTime(hoursAgo: 1)), ("reason", "")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Reason: give the reason for the decision."))
            let decided = try await Flow.post(
                app, "/safeguarding/disclosures/\(id)/decision", as: unit,
                fields: [
                    ("decision", "disclose"), ("decided_at", Self.formTime(hoursAgo: 1)),
                    ("reason", "Two previous convictions for violence against partners"),
                ])
            #expect(decided.status == .seeOther)
            let request = try #require(try await DisclosureStore.request(id: id, on: app.db))
            #expect(request.decision == .disclose)
            #expect(request.decidedInTime == true)
            let again = try await Flow.post(
                app, "/safeguarding/disclosures/\(id)/decision", as: unit,
                fields: [("decision", "no_disclosure"), ("decided_at", Self.formTime(hoursAgo: 0.5)), ("reason", "x")])
            #expect(again.status == .unprocessableEntity)
            let both: Set<String> = ["person:\(atRisk)", "person:\(partner)"]
            #expect(try await Self.subjects(app, .disclosureRequest, action: .create) == both)
            #expect(try await Self.subjects(app, .disclosureRequest, action: .update) == both)
        }
    }

    @Test func `a child reported missing is found, returned and interviewed, each step audited`() async throws {
        try await withTestApp { app in
            let frontline = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let unit = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let born = CalendarDay(containing: Date(), in: .london).adding(days: -(14 * 365))
            let form = try await app.testing().sendRequest(
                .GET, "/safeguarding/missing/new", headers: frontline.headers())
            #expect(form.status == .ok)
            let bad = try await Flow.post(
                app, "/safeguarding/missing/new", as: frontline,
                fields: [("bcu", "CE"), ("given_name", "Amy"), ("family_name", "Lee"), ("risk_grade", "high")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Date of birth: give the date of birth"))
            #expect(try await MissingEpisodeRecord.query(on: app.db).count() == 0)
            let reported = try await Flow.post(
                app, "/safeguarding/missing/new", as: frontline,
                fields: [
                    ("bcu", "CE"), ("given_name", "Amy"), ("family_name", "Lee"), ("date_of_birth", born.text),
                    ("reported_at", Self.formTime(hoursAgo: 10)), ("last_seen_at", Self.formTime(hoursAgo: 12)),
                    ("circumstances", "Did not come home from school"), ("risk_grade", "medium"),
                    ("risk_reason", "Age 14, first time missing"),
                ])
            #expect(reported.status == .seeOther)
            let row = try #require(try await MissingEpisodeRecord.query(on: app.db).first())
            let id = try row.requireID()
            let personID = row.$person.id
            #expect(row.child)

            let list = try await app.testing().sendRequest(.GET, "/safeguarding/missing", headers: unit.headers())
            #expect(list.body.string.contains("Amy Test") == false)
            #expect(list.body.string.contains("Amy Lee"))

            // A frontline officer may not re-grade; the unit may, with reasons, into the log.
            let regradeByFrontline = try await Flow.post(
                app, "/safeguarding/missing/\(id)/risk", as: frontline, fields: [("grade", "high"), ("reason", "x")])
            #expect(regradeByFrontline.status == .forbidden)
            let regrade = try await Flow.post(
                app, "/safeguarding/missing/\(id)/risk", as: unit,
                fields: [("grade", "high"), ("reason", "Seen with older men in a car")])
            #expect(regrade.status == .seeOther)
            #expect(try await MissingPersonStore.reviews(episodeID: id, on: app.db).map(\.grade) == [.medium, .high])

            let returnedEarly = try await Flow.post(
                app, "/safeguarding/missing/\(id)/returned", as: frontline, fields: [("at", Self.formTime(hoursAgo: 2))]
            )
            #expect(returnedEarly.status == .unprocessableEntity)
            let found = try await Flow.post(
                app, "/safeguarding/missing/\(id)/found", as: frontline,
                fields: [("at", Self.formTime(hoursAgo: 3)), ("note", "At a friend's flat in Hackney")])
            #expect(found.status == .seeOther)
            let returned = try await Flow.post(
                app, "/safeguarding/missing/\(id)/returned", as: frontline, fields: [("at", Self.formTime(hoursAgo: 2))]
            )
            #expect(returned.status == .seeOther)
            let waiting = try await app.testing().sendRequest(.GET, "/safeguarding/missing", headers: unit.headers())
            #expect(waiting.body.string.contains("Due within 72 hours"))

            let referral = try await Flow.post(
                app, "/safeguarding/missing/\(id)/exploitation", as: unit,
                fields: [
                    ("indicators[]", "older_partner"), ("indicators[]", "gifts_or_money"),
                    ("referral_to", "Hackney MASH"), ("referral_reference", "M-1"),
                    ("referral_at", Self.formTime(hoursAgo: 1)),
                ])
            #expect(referral.status == .seeOther)
            let interview = try await Flow.post(
                app, "/safeguarding/missing/\(id)/interview", as: unit,
                fields: [("at", Self.formTime(hoursAgo: 0.5)), ("note", "Independent interviewer")])
            #expect(interview.status == .seeOther)
            let episode = try #require(try await MissingPersonStore.episode(id: id, on: app.db))
            #expect(episode.interviewInTime == true)
            #expect(episode.indicators == [.giftsOrMoney, .olderPartner])
            #expect(!episode.needsReferral)
            let subjects = try await Self.subjects(app, .missingEpisode, action: .update)
            #expect(subjects == ["person:\(personID)"])
            #expect(try await auditEntries(app, recordType: "missing_episode", action: .update).count == 5)
            #expect(try await Self.subjects(app, .missingEpisode, action: .create) == ["person:\(personID)"])
        }
    }

    @Test func `a child with 3 episodes in 90 days is listed as repeat missing, and the history shows every record`()
        async throws
    {
        try await withTestApp { app in
            let unit = try await servicePrincipal(app, .publicProtection, .bcus([.centralEast]))
            let context = serviceContext(app, unit)
            let child = try await Self.person(app, "Repeat", born: "2012-01-01")
            for days in [80.0, 40.0, 1.0] {
                _ = try await MissingPersonService(context).report(
                    MissingReportDraft(
                        bcu: "CE", personID: String(child), givenName: "", familyName: "", dateOfBirth: "",
                        reportedAt: Self.formTime(hoursAgo: days * 24), lastSeenAt: "", circumstances: "Out late",
                        riskGrade: "low", riskReason: "Known to return"))
            }
            let lists = try await MissingPersonService(context).lists(bcu: .centralEast)
            #expect(lists.repeatChildren.map(\.count) == [3])
            #expect(lists.missingNow.count == 3)

            let history = try await ProtectionOrderService(context).history(of: child)
            #expect(history.missing.count == 3)
            #expect(history.orders.isEmpty)
            let html = ProtectionHistorySections.render(history, now: Date()).render()
            #expect(html.contains("Missing episodes"))
            #expect(html.contains("No DVPN or DVPO names this person."))

            let elsewhere = try await servicePrincipal(app, .publicProtection, .bcus([.centralNorth]), username: "cn")
            let hidden = try await ProtectionOrderService(serviceContext(app, elsewhere)).history(of: child)
            #expect(hidden.missing.isEmpty)
            #expect(hidden.withheld == 3)
        }
    }
}
