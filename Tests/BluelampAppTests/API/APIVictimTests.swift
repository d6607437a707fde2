import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Victims on an investigation through the API (issue 16): the same Victims' Code use cases as the victim pages,
/// with their scope rules, refusals (each problem at its field) and audit entries.
@Suite struct APIVictimTests {
    typealias API = APIInvestigationTests

    struct ReasonBody: Decodable {
        var code: String
        var label: String
    }

    struct StandingBody: Decodable {
        var person_id: Int
        var name: String
        var contact_preference: String
        var enhanced: Bool
        var enhanced_reasons: [ReasonBody]
        var next_update_due_at: Date?
        var update_overdue: Bool
        var last_contact_at: Date?
        var outstanding_clocks: Int
        var overdue_clocks: Int
    }

    struct VictimsBody: Decodable {
        var crime_id: Int
        var victims: [StandingBody]
    }

    struct CircumstancesBody: Decodable {
        var vulnerable: Bool
        var under_18: Bool
    }

    struct CareBody: Decodable {
        var person_id: Int
        var circumstances: CircumstancesBody
        var update_interval_days: Int?
        var needs_assessed_at: Date?
        var needs: String?
        var referral_outcome: String?
        var vps_status: String?
        var vps_offered_at: Date?
        var vps_made_at: Date?
        var information: [String: Date]
    }

    struct KeyEventBody: Decodable {
        var id: Int
        var crime_id: Int
        var event: String
        var occurred_at: Date
    }

    struct ClockBody: Decodable {
        var key_event_id: Int
        var event: String
        var notification_id: Int?
        var enhanced: Bool?
        var due_on: String?
        var due_by: Date?
        var told_at: Date?
        var told_by: String?
        var overdue: Bool
    }

    struct ContactBody: Decodable {
        var id: Int
        var person_id: Int
        var method: String
        var summary: String
        var contacted_at: Date
    }

    struct RightBody: Decodable {
        var right: Int
        var title: String
        var status: String
        var why: String
    }

    struct RecordBody: Decodable {
        var crime_id: Int
        var reference: String
        var standing: StandingBody
        var care: CareBody
        var key_events: [ClockBody]
        var contacts: [ContactBody]
        var rights: [RightBody]
    }

    static func victim(_ app: Application, crime: Int) async throws -> Int {
        try #require(try await VictimStore.victims(crimeID: crime, on: app.db).first?.personID)
    }

    static var standardCare: [String: Any] {
        [
            "bereaved_close_relative": false, "persistently_targeted": false, "vulnerable": false, "intimidated": false,
            "under_18": false, "other_most_serious_crime": false,
        ]
    }

    static func circumstances(vulnerable: Bool) -> [String: Any] {
        var all = standardCare
        all["vulnerable"] = vulnerable
        return all
    }

    // MARK: - The whole flow

    @Test func `a victim's Victims' Code record runs over the API, each step audited`() async throws {
        try await withTestApp { app in
            let s = try await API.setUp(app)
            let person = try await Self.victim(app, crime: s.crime)
            let victimBase = "\(s.base)/victims/\(person)"

            // The victims: a burglary victim with no circumstances has standard rights.
            let listed = try await API.send(app, .GET, "\(s.base)/victims", s.investigator)
            #expect(listed.status == .ok, "victims: \(listed.body.string)")
            let list = try listed.json(VictimsBody.self)
            #expect(list.crime_id == s.crime)
            #expect(list.victims.map(\.person_id) == [person])
            let standard = try #require(list.victims.first)
            #expect(!standard.enhanced && standard.enhanced_reasons.isEmpty)
            #expect(standard.contact_preference == "email" && standard.next_update_due_at != nil)
            #expect(standard.outstanding_clocks == 0 && standard.overdue_clocks == 0)

            // Care: vulnerable, by phone, every 14 days; a bad interval is refused at its field first.
            let badInterval = try await API.send(
                app, .POST, "\(victimBase)/care", s.investigator,
                ["circumstances": Self.circumstances(vulnerable: true), "update_interval_days": 40])
            #expect(badInterval.status == .unprocessableEntity)
            #expect(try badInterval.problem().fields == ["update_interval_days"])
            let cared = try await API.send(
                app, .POST, "\(victimBase)/care", s.investigator,
                [
                    "circumstances": Self.circumstances(vulnerable: true), "preferred_contact": "phone",
                    "update_interval_days": 14,
                ])
            #expect(cared.status == .ok, "care: \(cared.body.string)")
            let care = try cared.json(CareBody.self)
            #expect(care.circumstances.vulnerable && !care.circumstances.under_18)
            #expect(care.update_interval_days == 14 && care.person_id == person)
            let enhanced = try await API.send(app, .GET, "\(s.base)/victims", s.investigator).json(VictimsBody.self)
            let now = try #require(enhanced.victims.first)
            #expect(now.enhanced && now.enhanced_reasons.map(\.code) == ["vulnerable"])
            #expect(now.contact_preference == "phone")

            // A key event: an arrest an hour ago, so this enhanced victim is to be told by the next working day.
            let future = try await API.send(
                app, .POST, "\(s.base)/key-events", s.investigator,
                ["event": "arrested", "occurred_at": "2099-01-01T10:00:00Z"])
            #expect(future.status == .unprocessableEntity)
            #expect(try future.problem().fields == ["occurred_at"])
            let when = Date().addingTimeInterval(-3_600)
            let recorded = try await API.send(
                app, .POST, "\(s.base)/key-events", s.investigator,
                ["event": "arrested", "occurred_at": try APIDateTranscoder().encode(when)],
                headers: ["Idempotency-Key": "event-1"])
            #expect(recorded.status == .created, "key event: \(recorded.body.string)")
            let event = try recorded.json(KeyEventBody.self)
            #expect(event.event == "arrested" && event.crime_id == s.crime)
            #expect(abs(event.occurred_at.timeIntervalSince(when)) < 1)

            // The victim's record shows the clock, due the next working day.
            let read = try await API.send(app, .GET, victimBase, s.investigator)
            #expect(read.status == .ok, "victim: \(read.body.string)")
            let record = try read.json(RecordBody.self)
            #expect(record.crime_id == s.crime && record.standing.enhanced)
            #expect(record.standing.outstanding_clocks == 1)
            let clock = try #require(record.key_events.first)
            #expect(record.key_events.count == 1 && clock.key_event_id == event.id && clock.event == "arrested")
            let calendar = try BankHolidayCalendar.bundled()
            let due = try calendar.workingDay(1, after: CalendarDay(containing: when, in: .london))
            #expect(clock.due_on == due.text)
            #expect(clock.enhanced == true && clock.told_at == nil && !clock.overdue)
            let notification = try #require(clock.notification_id)

            // A contact telling the victim of it: a told id that is not theirs is refused at `told`, first.
            let wrongTold = try await API.send(
                app, .POST, "\(victimBase)/contacts", s.investigator,
                ["method": "phone", "summary": "Told of the arrest", "told": [999_999]])
            #expect(wrongTold.status == .unprocessableEntity)
            #expect(try wrongTold.problem().fields == ["told"])
            let contacted = try await API.send(
                app, .POST, "\(victimBase)/contacts", s.investigator,
                ["method": "phone", "summary": "Told of the arrest", "told": [notification]],
                headers: ["Idempotency-Key": "contact-1"])
            #expect(contacted.status == .created, "contact: \(contacted.body.string)")
            let contact = try contacted.json(ContactBody.self)
            #expect(contact.method == "phone" && contact.person_id == person)

            // Needs assessment, statement, information.
            let needs = try await API.send(
                app, .POST, "\(victimBase)/needs-assessment", s.investigator,
                ["needs": "Lock fitting", "referral": "accepted"])
            #expect(needs.status == .ok)
            let assessed = try needs.json(CareBody.self)
            #expect(assessed.referral_outcome == "accepted" && assessed.needs_assessed_at != nil)
            let statement = try await API.send(
                app, .POST, "\(victimBase)/statement", s.investigator, ["status": "made"])
            #expect(statement.status == .ok)
            let vps = try statement.json(CareBody.self)
            #expect(vps.vps_status == "made" && vps.vps_offered_at != nil && vps.vps_made_at != nil)
            let information = try await API.send(
                app, .POST, "\(victimBase)/information", s.investigator, ["items": ["compensation", "complaints"]])
            #expect(information.status == .ok)
            #expect(Set(try information.json(CareBody.self).information.keys) == ["compensation", "complaints"])

            // The record now: told in time, the contact logged, the 12 rights.
            let after = try await API.send(app, .GET, victimBase, s.investigator).json(RecordBody.self)
            #expect(after.key_events.first?.told_at != nil && after.key_events.first?.told_by != nil)
            #expect(after.standing.outstanding_clocks == 0 && after.standing.last_contact_at != nil)
            #expect(after.contacts.map(\.id) == [contact.id])
            #expect(after.rights.map(\.right) == Array(1...12))
            #expect(after.rights.map(\.title) == VictimRight.allCases.map(\.title))
            #expect(after.rights.first { $0.right == 7 }?.status == "met")
            #expect(after.care.information.count == 2 && after.care.vps_status == "made")

            // Audited as the pages audit: the changes, and the reads of the person.
            typealias F = InvestigationFlowTests
            #expect(try await F.audited(app, .victimCare, action: .update).count == 4)
            #expect(try await F.audited(app, .victimKeyEvent, action: .create).count == 1)
            #expect(try await F.audited(app, .victimContact, action: .create).count == 1)
            #expect(try await F.audited(app, .person, action: .read).count >= 4)
        }
    }

    @Test func `every victims' value has its counterpart in the document`() throws {
        for event in VictimKeyEvent.allCases {
            _ = try APIValues.convert(event, to: Components.Schemas.VictimKeyEventKind.self)
        }
        for method in ContactPreference.methods {
            _ = try APIValues.convert(method, to: Components.Schemas.ContactMethod.self)
        }
        for outcome in NeedsReferralOutcome.allCases {
            _ = try APIValues.convert(outcome, to: Components.Schemas.NeedsReferralOutcome.self)
        }
        for status in VPSStatus.allCases { _ = try APIValues.convert(status, to: Components.Schemas.VPSStatus.self) }
        for item in VictimInformation.allCases {
            _ = try APIValues.convert(item, to: Components.Schemas.VictimInformationItem.self)
        }
        for reason in EnhancedRightsReason.allCases {
            _ = try APIValues.convert(reason, to: Components.Schemas.EnhancedRightsReason.self)
        }
        for status in RightStatus.allCases {
            _ = try APIValues.convert(status, to: Components.Schemas.RightStatus.self)
        }
        #expect(VictimKeyEvent.allCases.count == Components.Schemas.VictimKeyEventKind.allCases.count)
        #expect(ContactPreference.methods.count == Components.Schemas.ContactMethod.allCases.count)
        #expect(VictimInformation.allCases.count == Components.Schemas.VictimInformationItem.allCases.count)
        #expect(EnhancedRightsReason.allCases.count == Components.Schemas.EnhancedRightsReason.allCases.count)
        #expect(RightStatus.allCases.count == Components.Schemas.RightStatus.allCases.count)
    }

    // MARK: - Scope, roles and refusals

    static func writes(_ base: String, person: Int) -> [(HTTPMethod, String, [String: Any])] {
        [
            (.POST, "\(base)/key-events", ["event": "arrested", "occurred_at": "2024-01-02T10:00:00Z"]),
            (.POST, "\(base)/victims/\(person)/contacts", ["method": "phone", "summary": "Update"]),
            (.POST, "\(base)/victims/\(person)/care", ["circumstances": standardCare]),
            (.POST, "\(base)/victims/\(person)/needs-assessment", ["needs": "None", "referral": "not_wanted"]),
            (.POST, "\(base)/victims/\(person)/statement", ["status": "offered"]),
            (.POST, "\(base)/victims/\(person)/information", ["items": ["complaints"]]),
        ]
    }

    @Test func `outside the crime's BCU a token is refused, and an inspector is refused`() async throws {
        try await withTestApp { app in
            let s = try await API.setUp(app)
            let person = try await Self.victim(app, crime: s.crime)
            let investigatorSE = try await apiToken(app, as: .investigator, scope: .bcus([.southEast]))
            let inspector = try await apiToken(app, as: .inspector)
            // Outside the BCU the crime is answered as missing (issue 21); an inspector's role is refused.
            for (token, status, kind) in [
                (investigatorSE, HTTPStatus.notFound, "not-found"), (inspector, .forbidden, "forbidden"),
            ] {
                for path in ["\(s.base)/victims", "\(s.base)/victims/\(person)"] {
                    let read = try await API.send(app, .GET, path, token)
                    #expect(read.status == status, "GET \(path)")
                    #expect(try read.problem().kind == kind)
                }
                for (method, path, body) in Self.writes(s.base, person: person) {
                    let response = try await API.send(app, method, path, token, body)
                    #expect(response.status == status, "\(method) \(path)")
                    #expect(try response.problem().kind == kind)
                }
            }
            #expect(try await VictimStore.keyEvents(crimeID: s.crime, on: app.db).isEmpty)
            #expect(try await VictimStore.care(crimeID: s.crime, personID: person, on: app.db).needsAssessedAt == nil)
            let denials = try await AuditLog.search(on: app.db, filter: .init(action: .denied), limit: 20)
            #expect(denials.count >= 8)
        }
    }

    @Test func `every victims operation needs a token`() async throws {
        try await withTestApp { app in
            let base = "/api/v1/crimes/1/investigation"
            var calls: [(HTTPMethod, String)] = [(.GET, "\(base)/victims"), (.GET, "\(base)/victims/1")]
            calls += Self.writes(base, person: 1).map { ($0.0, $0.1) }
            for (method, path) in calls {
                let response = try await API.send(app, method, path, nil)
                #expect(response.status == .unauthorized, "\(method) \(path)")
                #expect(try response.problem().kind == "unauthenticated")
            }
        }
    }

    @Test func `bad bodies are refused at their fields`() async throws {
        try await withTestApp { app in
            let s = try await API.setUp(app)
            let person = try await Self.victim(app, crime: s.crime)
            let victimBase = "\(s.base)/victims/\(person)"
            let cases: [(String, [String: Any], [String])] = [
                ("\(s.base)/key-events", ["event": "caught", "occurred_at": "2024-01-02T10:00:00Z"], ["event"]),
                ("\(victimBase)/contacts", ["method": "no_contact", "summary": "Update"], ["method"]),
                ("\(victimBase)/contacts", ["method": "phone", "summary": "   "], ["summary"]),
                (
                    "\(victimBase)/contacts",
                    ["method": "phone", "summary": String(repeating: "x", count: InvestigationNote.maxLength + 1)],
                    ["summary"]
                ),
                (
                    "\(victimBase)/contacts",
                    ["method": "phone", "summary": "Update", "contacted_at": "2099-01-01T10:00:00Z"], ["contacted_at"]
                ),
                ("\(victimBase)/needs-assessment", ["needs": " ", "referral": "accepted"], ["needs"]),
                ("\(victimBase)/needs-assessment", ["needs": "None", "referral": "maybe"], ["referral"]),
                ("\(victimBase)/statement", ["status": "lost"], ["status"]),
                ("\(victimBase)/information", ["items": [String]()], ["information"]),
                ("\(victimBase)/information", ["items": ["gossip"]], ["items[0]"]),
                ("\(victimBase)/care", ["circumstances": ["vulnerable": true]], []),
            ]
            for (path, body, fields) in cases {
                let response = try await API.send(app, .POST, path, s.investigator, body)
                #expect(response.status == .unprocessableEntity, "\(path) \(body): \(response.body.string)")
                if !fields.isEmpty {
                    #expect(try response.problem().fields == fields, "\(path) \(body)")
                }
            }
            // A time that is not a date-time is refused by the document's decoder before the service sees it.
            let soon = try await API.send(
                app, .POST, "\(s.base)/key-events", s.investigator, ["event": "arrested", "occurred_at": "soon"])
            #expect(soon.status == .unprocessableEntity || soon.status == .badRequest)
            #expect(try await VictimStore.keyEvents(crimeID: s.crime, on: app.db).isEmpty)
            #expect(try await VictimStore.contacts(crimeID: s.crime, personID: person, on: app.db).isEmpty)
        }
    }

    @Test func `a person who is not a victim on the crime is not found, and nothing changes`() async throws {
        try await withTestApp { app in
            let s = try await API.setUp(app)
            let crime = try await API.send(app, .GET, "/api/v1/crimes/\(s.crime)", s.investigator)
            struct Person: Decodable {
                var id: Int
                var role: String
                var contact_preference: String
            }
            struct CrimeBody: Decodable { var people: [Person] }
            let suspect = try #require(try crime.json(CrimeBody.self).people.first { $0.role == "suspect" })
            for path in ["\(s.base)/victims/\(suspect.id)", "\(s.base)/victims/999999"] {
                let read = try await API.send(app, .GET, path, s.investigator)
                #expect(read.status == .notFound, "GET \(path)")
                #expect(try read.problem().kind == "not-found")
            }
            for (method, path, body) in Self.writes(s.base, person: suspect.id).dropFirst() {
                var sent = body
                if path.hasSuffix("/care") { sent["preferred_contact"] = "no_contact" }
                let response = try await API.send(app, method, path, s.investigator, sent)
                #expect(response.status == .notFound, "\(method) \(path)")
            }
            // The suspect's contact preference is untouched by the refused care.
            let again = try await API.send(app, .GET, "/api/v1/crimes/\(s.crime)", s.investigator)
            let unchanged = try #require(try again.json(CrimeBody.self).people.first { $0.id == suspect.id })
            #expect(unchanged.contact_preference == suspect.contact_preference)
            #expect(
                try await API.send(app, .GET, "/api/v1/crimes/999999/investigation/victims", s.investigator)
                    .status == .notFound)
        }
    }
}
