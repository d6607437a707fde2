import BluelampCore
import Foundation
import Testing

@Suite struct CrimeChangeDraftTests {
    let now = CrimeDraft.parseDateTime("2026-03-10T09:00")!

    @Test func `an outcome today is dated at noon that day`() throws {
        let outcome = try CrimeOutcomeDraft(type: "1", date: "2026-03-10").check(now: now).get()
        #expect(outcome.type == .chargedOrSummonsed)
        #expect(outcome.date == CrimeDraft.parseDateTime("2026-03-10T12:00"))
    }

    @Test func `an outcome dated after today is refused at the date`() {
        guard case .failure(let problems) = CrimeOutcomeDraft(type: "1", date: "2026-03-11").check(now: now) else {
            Issue.record("a future outcome was accepted")
            return
        }
        #expect(problems.errors.map(\.field) == ["date"])
        #expect(problems.errors[0].message.contains("future"))
    }

    @Test(arguments: ["", "19", "0", "23", "one"])
    func `an outcome type that is not a Home Office type is refused at the type`(type: String) {
        guard case .failure(let problems) = CrimeOutcomeDraft(type: type, date: "2026-03-01").check(now: now) else {
            Issue.record("type \(type) was accepted")
            return
        }
        #expect(problems.errors.map(\.field) == ["outcome_type"])
    }

    @Test func `a missing and a malformed date are told apart`() {
        guard case .failure(let missing) = CrimeOutcomeDraft(type: "1", date: " ").check(now: now),
            case .failure(let malformed) = CrimeOutcomeDraft(type: "1", date: "10/03/2026").check(now: now)
        else {
            Issue.record("a bad date was accepted")
            return
        }
        #expect(missing.errors[0].message.contains("give the date"))
        #expect(malformed.errors[0].message.contains("is not a date"))
    }

    @Test func `screening out needs a reason, and a reason is refused with a status that takes none`() {
        #expect(CrimeStatusDraft(status: "screened_out", reason: "  ").check().isFailure(at: "reason"))
        #expect(CrimeStatusDraft(status: "under_investigation", reason: "because").check().isFailure(at: "reason"))
        #expect(CrimeStatusDraft(status: "no_such_status", reason: "").check().isFailure(at: "status"))
        #expect(
            (try? CrimeStatusDraft(status: "screened_out", reason: " no lines of enquiry ").check().get())?.reason
                == "no lines of enquiry")
    }
}

extension Result where Failure == FieldErrors {
    func isFailure(at field: String) -> Bool {
        if case .failure(let problems) = self { return problems.errors.map(\.field) == [field] }
        return false
    }
}
