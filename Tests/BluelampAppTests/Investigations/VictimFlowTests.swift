import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The victim's side of an investigation over HTTP (issue 16): enhanced rights and why, key events and each
/// victim's clock, the contact log telling them, the 12 rights, and the indicators the records move.
@Suite struct VictimFlowTests {
    typealias Flow = AllocationFlowTests

    static func victimID(_ app: Application, crime: Int) async throws -> Int {
        try #require(try await VictimStore.victims(crimeID: crime, on: app.db).first?.personID)
    }

    @Test func `a key event starts each victim's clock, a logged contact tells them, and the rights follow`()
        async throws
    {
        try await withTestApp { app in
            let s = try await InvestigationFlowTests.setUp(app)
            let person = try await Self.victimID(app, crime: s.crime)
            let base = "/crimes/\(s.crime)/investigation"

            // A burglary victim with no circumstances has standard rights; marked vulnerable, enhanced, with why.
            var page = try await app.testing().sendRequest(.GET, base, headers: s.investigator.headers())
            #expect(page.body.string.contains("Standard"))
            let care = try await Flow.post(
                app, "\(base)/victims/\(person)/care", as: s.investigator,
                fields: [
                    ("circumstance[]", "vulnerable"), ("preferred_contact", "email"), ("update_interval_days", "14"),
                ])
            #expect(care.status == .seeOther)
            page = try await app.testing().sendRequest(.GET, base, headers: s.investigator.headers())
            #expect(page.body.string.contains("Enhanced"))
            #expect(try await VictimStore.victims(crimeID: s.crime, on: app.db).first?.contactPreference == .email)

            // A bad key event is refused by field; an arrest yesterday is due within 1 working day for this victim.
            let bad = try await Flow.post(
                app, "\(base)/key-events", as: s.investigator, fields: [("event", "caught"), ("occurred_at", "soon")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Key event: choose what happened."))
            let when = Date().addingTimeInterval(-3_600)
            let local = DateFormatter()
            local.dateFormat = "yyyy-MM-dd'T'HH:mm"
            local.timeZone = .london
            let event = try await Flow.post(
                app, "\(base)/key-events", as: s.investigator,
                fields: [("event", "arrested"), ("occurred_at", local.string(from: when))])
            #expect(event.status == .seeOther)
            let clocks = try await VictimStore.notifications(crimeIDs: [s.crime], on: app.db)
            #expect(clocks.count == 1)
            let clock = try #require(clocks.first)
            #expect(clock.enhanced)
            let calendar = try BankHolidayCalendar.bundled()
            #expect(
                clock.dueOn
                    == (try calendar.workingDay(1, after: CalendarDay(containing: when, in: .london))))

            // The victim's page lists the clock and the 12 rights; My work lists the contact due.
            let victimPage = try await app.testing().sendRequest(
                .GET, "\(base)/victims/\(person)", headers: s.investigator.headers())
            #expect(victimPage.status == .ok)
            let html = victimPage.body.string
            #expect(html.contains("Suspect arrested") || html.contains("rrested"))
            #expect(html.contains("(1 working day)"))
            for right in VictimRight.allCases {
                #expect(
                    html.contains(right.title.replacingOccurrences(of: "'", with: "&#39;"))
                        || html.contains(right.title))
            }
            let work = try await app.testing().sendRequest(.GET, "/investigations", headers: s.investigator.headers())
            #expect(work.body.string.contains("Tell them: "))

            // A contact tells them: the clock stops, the contact is audited with the victim as subject.
            let contact = try await Flow.post(
                app, "\(base)/victims/\(person)/contacts", as: s.investigator,
                fields: [("method", "email"), ("summary", "Told of the arrest."), ("told[]", "\(clock.id)")])
            #expect(contact.status == .seeOther)
            let told = try #require(try await VictimStore.notifications(crimeIDs: [s.crime], on: app.db).first)
            #expect(told.toldAt != nil)
            #expect(told.toldInTime == true)
            let audit = try await AuditLog.search(
                on: app.db, filter: .init(subjectPersonID: "person:\(person)", recordType: "victim_contact"), limit: 5)
            #expect(audit.count == 1)

            // A contact summary is checked against the lexicon as a note is: flagged, kept as written, reviewed by the
            // supervisor (not by the investigator).
            let blaming = try await Flow.post(
                app, "\(base)/victims/\(person)/contacts", as: s.investigator,
                fields: [("method", "phone"), ("summary", "She says she asked for it. Update given.")])
            #expect(blaming.status == .seeOther)
            let flaggedContact = try #require(
                try await VictimStore.contacts(crimeID: s.crime, personID: person, on: app.db).last)
            #expect(flaggedContact.flaggedPhrases == ["asked for it"])
            #expect(flaggedContact.summary == "She says she asked for it. Update given.")
            let supervision = try await app.testing().sendRequest(
                .GET, "/investigations/supervision", headers: s.supervisor.headers())
            #expect(supervision.body.string.contains("contact with a victim"))
            let reviewPath = "\(base)/victims/\(person)/contacts/\(flaggedContact.id)/flag-reviewed"
            #expect(try await Flow.post(app, reviewPath, as: s.investigator).status == .forbidden)
            #expect(try await Flow.post(app, reviewPath, as: s.supervisor).status == .seeOther)
            #expect(
                try await VictimStore.contacts(crimeID: s.crime, personID: person, on: app.db).last?.flagReviewedAt
                    != nil)

            // Needs assessment and the VPS: recorded; refused without a referral outcome.
            let noReferral = try await Flow.post(
                app, "\(base)/victims/\(person)/needs", as: s.investigator, fields: [("needs", "Locks changed")])
            #expect(noReferral.status == .unprocessableEntity)
            _ = try await Flow.post(
                app, "\(base)/victims/\(person)/needs", as: s.investigator,
                fields: [("needs", "Locks changed"), ("referral", "accepted")])
            _ = try await Flow.post(
                app, "\(base)/victims/\(person)/statement", as: s.investigator, fields: [("statement", "offered")])
            let saved = try await VictimStore.care(crimeID: s.crime, personID: person, on: app.db)
            #expect(saved.referralOutcome == .accepted)
            #expect(saved.statement.offeredAt != nil)
            #expect(saved.updateIntervalDays == 14)
            #expect(saved.circumstances.vulnerable)

            // Outcome and closing are key events too: two more clocks, for the one victim.
            _ = try await Flow.post(
                app, "\(base)/lines", as: s.investigator, fields: [("kind", "cctv"), ("description", "Shop camera")])
            _ = try await Flow.post(
                app, "/crimes/\(s.crime)/outcome", as: s.investigator,
                fields: [("outcome", "18"), ("date", CrimeParts.inputDate(Date()))])
            _ = try await Flow.post(
                app, "\(base)/close", as: s.supervisor,
                fields: [("note", "No suspect"), ("write_off_reason", "Camera not recording")])
            let events = try await VictimStore.keyEvents(crimeID: s.crime, on: app.db).map(\.event)
            #expect(events == [.arrested, .outcomeRecorded, .investigationClosed])

            // The indicators: the enhanced victim was told in time (100%); VPS offered on the closed crime (100%).
            let values = try await VictimIndicatorStore().computeAll(
                period: DateInterval(
                    start: Date().addingTimeInterval(-40 * 86_400), end: Date().addingTimeInterval(86_400)),
                scopes: [nil, .centralEast], on: app.db)
            #expect(
                values[VictimIndicators.ID.toldOnTime(enhanced: true)]?["CE"] == nil
                    || values[VictimIndicators.ID.toldOnTime(enhanced: true)]?["CE"] == 100)
            #expect(values[VictimIndicators.ID.statementOffered]?["CE"] == 100)
            #expect(values[VictimIndicators.ID.needsAssessed]?["FORCE"] == 100)
        }
    }

    @Test func `a victim's record outside the BCUs a role covers is refused`() async throws {
        try await withTestApp { app in
            let s = try await InvestigationFlowTests.setUp(app)
            let person = try await Self.victimID(app, crime: s.crime)
            let outside = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let read = try await app.testing().sendRequest(
                .GET, "/crimes/\(s.crime)/investigation/victims/\(person)", headers: outside.headers())
            #expect(read.status == .notFound)
            let write = try await Flow.post(
                app, "/crimes/\(s.crime)/investigation/victims/\(person)/contacts", as: outside,
                fields: [("method", "phone"), ("summary", "x")])
            #expect(write.status == .notFound)
            // The crime's suspect is not a victim: the care form is refused and their contact preference unchanged.
            let suspect = try #require(
                try await CrimePersonLink.query(on: app.db).filter(\.$crime.$id == s.crime)
                    .filter(\.$role == PersonRole.suspect.rawValue).first()?.$person.id)
            let before = try #require(try await PersonModel.find(suspect, on: app.db)).contactPreference
            let refused = try await Flow.post(
                app, "/crimes/\(s.crime)/investigation/victims/\(suspect)/care", as: s.investigator,
                fields: [("preferred_contact", before == "letter" ? "email" : "letter")])
            #expect(refused.status == .notFound)
            #expect(try #require(try await PersonModel.find(suspect, on: app.db)).contactPreference == before)
            // Someone who is not a victim on the crime has no page here.
            let notVictim = try await app.testing().sendRequest(
                .GET, "/crimes/\(s.crime)/investigation/victims/999999", headers: s.investigator.headers())
            #expect(notVictim.status == .notFound)
        }
    }
}
