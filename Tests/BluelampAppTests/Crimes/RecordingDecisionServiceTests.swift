import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// A report awaiting its recording decision, reported `hoursAgo` before the app's clock; returns its id.
func makeReport(_ app: Application, bcu: BCU, hoursAgo: Double) async throws -> Int {
    var draft = CrimeDraft()
    draft.category = CrimeCategory.burglary.code
    draft.bcu = bcu.code
    draft.reportedAt = CrimeParts.inputDateTime(app.clock().addingTimeInterval(-hoursAgo * 3600))
    draft.reportedAtZone = .london
    draft.victim = PersonDraft(
        givenName: "Ana", familyName: "Silva", dateOfBirth: "1980-02-03", contactPreference: "email")
    guard case .success(let checked) = draft.check(now: app.clock(), reference: "x") else {
        throw Abort(.internalServerError)
    }
    return try await CrimeStore.record(
        checked, actor: CrimeActor(userID: nil, name: "Test"), forceName: "Metropolitan Police Service", on: app.db
    ).id
}

/// A fixed clock on a whole minute, so the time left reads the same on every run.
let recordingTestNow = Date(timeIntervalSince1970: 1_765_000_800)

/// The recording decision's use cases (issue 15): scope, the audit entry written with the decision, once only.
@Suite struct RecordingDecisionServiceTests {
    static func context(_ app: Application, _ principal: Principal) -> ServiceContext {
        ServiceContext(
            database: app.db, now: app.clock(),
            audit: AuditContext(principal: principal, username: principal.username, address: "test", requestID: nil),
            forceName: "Metropolitan Police Service")
    }

    @Test func `a crime recorded through the service awaits its decision and joins the queue`() async throws {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let principal = try await CrimeServiceTests.principal(app, .investigator, .bcus([.centralEast]))
            var draft = CrimeDraft()
            draft.category = CrimeCategory.burglary.code
            draft.bcu = BCU.centralEast.code
            draft.reportedAt = CrimeParts.inputDateTime(recordingTestNow.addingTimeInterval(-3600))
            draft.reportedAtZone = .london
            let detail = try await CrimeService(Self.context(app, principal)).record(draft)
            #expect(detail.crime.status == .awaitingRecordingDecision)
            #expect(detail.crime.recordedAt == nil)
            let result = try await CrimeService(Self.context(app, principal)).awaitingRecordingDecision()
            #expect(result.queue.rows.map(\.id) == [detail.id])
            #expect(result.policy.policy.allowanceHours == 24)
        }
    }

    @Test func `the queue shows only the actor's BCUs, and asking for another is refused and audited`() async throws {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let mine = try await makeReport(app, bcu: .centralEast, hoursAgo: 2)
            _ = try await makeReport(app, bcu: .southEast, hoursAgo: 2)
            let principal = try await CrimeServiceTests.principal(app, .investigator, .bcus([.centralEast]))
            let service = CrimeService(Self.context(app, principal))
            let result = try await service.awaitingRecordingDecision()
            #expect(result.queue.rows.map(\.id) == [mine])
            #expect(result.queue.awaiting == 1)
            await #expect(throws: ServiceError.self) { try await service.awaitingRecordingDecision(bcu: .southEast) }
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "recording_queue").filter(
                    \.$action == "denied"
                ).count() == 1)
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "recording_queue").filter(
                    \.$action == "read"
                ).count() == 1)
        }
    }

    @Test func `the decision and its audit entry are written together, and a second decision is a conflict`()
        async throws
    {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let id = try await makeReport(app, bcu: .centralEast, hoursAgo: 30)
            let principal = try await CrimeServiceTests.principal(app, .investigator, .bcus([.centralEast]))
            let service = CrimeService(Self.context(app, principal))

            let result = try await service.decideRecording(id, RecordingDecisionDraft(decision: "crime"))
            #expect(result.made.status == .awaitingAllocation)
            #expect(!result.made.inTime)
            let entries = try await AuditEvent.query(on: app.db).filter(\.$recordType == "crime").filter(
                \.$action == "update"
            ).all()
            #expect(entries.count == 1)
            #expect(entries.first?.recordID == String(id))
            #expect(entries.first?.outcome == "recording decision crime late")

            // Made once: the second is a conflict, writes nothing and audits no change.
            do {
                _ = try await service.decideRecording(
                    id, RecordingDecisionDraft(decision: "no_crime", reason: "mistaken report"))
                Issue.record("a second decision was accepted")
            } catch ServiceError.conflict {
            }
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "crime").filter(\.$action == "update")
                    .count() == 1)
            #expect(try await CrimeStore.detail(id: id, on: app.db)?.crime.recordingDecision?.kind == .crime)
            #expect(
                try await AuditLog.verify(on: app.db)
                    == .intact(entries: try await AuditEvent.query(on: app.db).count()))
        }
    }

    @Test func `no crime without a reason is refused at the reason field and nothing is written`() async throws {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let id = try await makeReport(app, bcu: .centralEast, hoursAgo: 3)
            let principal = try await CrimeServiceTests.principal(app, .investigator, .bcus([.centralEast]))
            do {
                _ = try await CrimeService(Self.context(app, principal)).decideRecording(
                    id, RecordingDecisionDraft(decision: "no_crime"))
                Issue.record("no crime without a reason was accepted")
            } catch ServiceError.invalid(let problems) {
                #expect(problems.errors.map(\.field) == ["reason"])
            }
            #expect(try await CrimeStore.detail(id: id, on: app.db)?.crime.isAwaitingRecordingDecision == true)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "update").count() == 0)
        }
    }

    @Test func `a decision outside the actor's BCUs is refused and the attempt audited`() async throws {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let id = try await makeReport(app, bcu: .southEast, hoursAgo: 3)
            let principal = try await CrimeServiceTests.principal(app, .investigator, .bcus([.centralEast]))
            do {
                _ = try await CrimeService(Self.context(app, principal)).decideRecording(
                    id, RecordingDecisionDraft(decision: "crime"))
                Issue.record("a decision outside scope was accepted")
            } catch ServiceError.outOfScope {
                // Answered as a crime that does not exist (issue 21).
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "denied").count() == 1)
            #expect(try await CrimeStore.detail(id: id, on: app.db)?.crime.isAwaitingRecordingDecision == true)
        }
    }

    @Test func `only an administrator changes the allowance, with a reason, audited`() async throws {
        try await withTestApp { app in
            let admin = try await CrimeServiceTests.principal(app, .administrator, .force)
            let changed = try await CrimeService(Self.context(app, admin)).changeRecordingPolicy(
                CrimeRecordingPolicyDraft(allowanceHours: "12", reason: "Chief officer decision"))
            #expect(changed.policy.allowanceHours == 12)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "recording_policy").count() == 1)
            let investigator = try await CrimeServiceTests.principal(app, .investigator, .force)
            await #expect(throws: ServiceError.self) {
                try await CrimeService(Self.context(app, investigator)).changeRecordingPolicy(
                    CrimeRecordingPolicyDraft(allowanceHours: "48", reason: "no"))
            }
            #expect(try await CrimeRecordingPolicyStore.current(on: app.db).policy.allowanceHours == 12)
        }
    }
}
