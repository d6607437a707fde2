import Foundation
import Testing

@testable import BluelampCore

/// The investigation rules (issue 16): lines of enquiry, actions, notes, reviews and their clock, closing, and the
/// victim-blaming lexicon.
@Suite struct InvestigationRulesTests {
    static let now = ISO8601DateFormatter().date(from: "2026-03-10T10:00:00Z")!

    // MARK: - Lines of enquiry

    @Test func `a line of enquiry needs a known kind and a description`() {
        guard
            case .success(let line) = LineOfEnquiryDraft(kind: "cctv", description: "  Shop camera, 12 High St ")
                .check()
        else {
            Issue.record("refused a good line")
            return
        }
        #expect(line.kind == .cctv)
        #expect(line.description == "Shop camera, 12 High St")
        guard case .failure(let problems) = LineOfEnquiryDraft(kind: "crystal_ball", description: "").check() else {
            Issue.record("accepted a bad line")
            return
        }
        #expect(problems.errors.map(\.field) == ["kind", "description"])
        let long = String(repeating: "x", count: LineOfEnquiryDraft.maxDescription + 1)
        guard case .failure(let tooLong) = LineOfEnquiryDraft(kind: "other", description: long).check() else {
            Issue.record("accepted an over-long description")
            return
        }
        #expect(tooLong.errors.first?.message.contains("keep it to 1000") == true)
    }

    @Test(arguments: [
        ("done", "", "result", false),
        ("done", "Footage shows the suspect", "", true),
        ("not_viable", "", "result", false),
        ("not_viable", "Camera was not recording", "", true),
        ("in_progress", "", "", true),
        ("open", "", "status", false),  // already open, nothing said
        ("finished", "", "status", false),
    ])
    func `a change of status says what was found or why not`(
        status: String, result: String, failingField: String, accepted: Bool
    ) {
        let outcome = LineOfEnquiryUpdate(status: status, result: result).check(from: .open)
        switch outcome {
        case .success(let value):
            #expect(accepted)
            #expect(value.status.rawValue == status)
            #expect(value.result == (result.isEmpty ? nil : result))
        case .failure(let problems):
            #expect(!accepted)
            #expect(problems.errors.map(\.field) == [failingField])
        }
    }

    @Test func `only open and in-progress lines are outstanding`() {
        #expect(LineOfEnquiryStatus.allCases.filter(\.isOutstanding) == [.open, .inProgress])
    }

    // MARK: - Actions

    @Test func `an action has a text, an owner and a due day that has not passed in London`() {
        // 00:30 on 11 March in London is still 10 March at 00:30 UTC in winter: the day is the 11th only after midnight.
        let late = ISO8601DateFormatter().date(from: "2026-07-10T23:30:00Z")!  // 00:30 BST on 11 July
        guard
            case .failure(let past) = InvestigationActionDraft(
                description: "Collect CCTV", ownerOfficerID: "4", dueOn: "2026-07-10"
            ).check(now: late)
        else {
            Issue.record("accepted a day that has passed in London")
            return
        }
        #expect(past.errors.map(\.field) == ["due_on"])
        guard
            case .success(let ok) = InvestigationActionDraft(
                description: "Collect CCTV", ownerOfficerID: "4", dueOn: "2026-07-11"
            ).check(now: late)
        else {
            Issue.record("refused today")
            return
        }
        #expect(ok.owner == 4)
        guard
            case .failure(let bad) = InvestigationActionDraft(
                description: " ", ownerOfficerID: "x", dueOn: "11/07/2026"
            )
            .check(now: late)
        else {
            Issue.record("accepted a bad action")
            return
        }
        #expect(bad.errors.map(\.field) == ["description", "owner_officer_id", "due_on"])
    }

    @Test func `an action is overdue once its day has passed and until it is done`() {
        var action = InvestigationAction(
            id: 1, crimeID: 1, description: "x", ownerOfficerID: 1, ownerName: "DC A",
            dueOn: CalendarDay("2026-03-09")!,
            doneAt: nil, createdAt: Self.now, createdBy: "A")
        #expect(action.isOverdue(now: Self.now))
        action.dueOn = CalendarDay("2026-03-10")!
        #expect(!action.isOverdue(now: Self.now))
        action.dueOn = CalendarDay("2026-03-09")!
        action.doneAt = Self.now
        #expect(!action.isOverdue(now: Self.now))
    }

    // MARK: - Reviews

    @Test func `the first review is due 7 days after allocation, then no later than 28 days after the last`() {
        let policy = SupervisionPolicy.standard
        let allocated = ISO8601DateFormatter().date(from: "2026-03-01T09:00:00Z")!
        #expect(
            policy.nextReviewDue(allocatedAt: allocated, lastReview: nil)
                == ISO8601DateFormatter().date(from: "2026-03-08T09:00:00Z")!)
        let reviewed = ISO8601DateFormatter().date(from: "2026-03-06T15:00:00Z")!
        // No day set: 28 days after the review.
        #expect(
            policy.nextReviewDue(allocatedAt: allocated, lastReview: (reviewed, nil))
                == ISO8601DateFormatter().date(from: "2026-04-03T15:00:00Z")!)
        // A day set: the end of that London day (BST from 29 March: 23:59:59 BST is 22:59:59Z).
        #expect(
            policy.nextReviewDue(allocatedAt: allocated, lastReview: (reviewed, CalendarDay("2026-03-31")!))
                == ISO8601DateFormatter().date(from: "2026-03-31T22:59:59Z")!)
        // Never later than the interval allows, whatever day is stored.
        #expect(
            policy.nextReviewDue(allocatedAt: allocated, lastReview: (reviewed, CalendarDay("2026-06-01")!))
                == ISO8601DateFormatter().date(from: "2026-04-03T15:00:00Z")!)
    }

    @Test func `a review gives a direction and a next review day within the policy`() {
        let policy = SupervisionPolicy.standard
        guard
            case .success(let ok) = SupervisoryReviewDraft(direction: "Trace the van", nextReviewOn: "").check(
                now: Self.now, policy: policy)
        else {
            Issue.record("refused a review without a day")
            return
        }
        #expect(ok.nextReviewOn == CalendarDay("2026-04-07"))
        for (day, message) in [
            ("2026-03-10", "must be after today"), ("2026-04-08", "at most 28 days"), ("7 April", "is not a date"),
        ] {
            guard
                case .failure(let problems) = SupervisoryReviewDraft(direction: "x", nextReviewOn: day).check(
                    now: Self.now, policy: policy)
            else {
                Issue.record("accepted \(day)")
                continue
            }
            #expect(problems.errors.first?.field == "next_review_on")
            #expect(problems.errors.first?.message.contains(message) == true, "\(day)")
        }
        guard
            case .failure(let empty) = SupervisoryReviewDraft(direction: " ", nextReviewOn: "2026-03-20").check(
                now: Self.now, policy: policy)
        else {
            Issue.record("accepted a review with no direction")
            return
        }
        #expect(empty.errors.map(\.field) == ["direction"])
    }

    @Test func `an administrator's policy stays within 1 to 90 days and says why`() {
        guard
            case .success(let ok) = SupervisionPolicy.check(
                firstReviewDays: "5", reviewIntervalDays: "21", reason: "HMICFRS")
        else {
            Issue.record("refused a good policy")
            return
        }
        #expect(ok.policy == SupervisionPolicy(firstReviewDays: 5, reviewIntervalDays: 21))
        guard
            case .failure(let bad) = SupervisionPolicy.check(firstReviewDays: "0", reviewIntervalDays: "91", reason: "")
        else {
            Issue.record("accepted a bad policy")
            return
        }
        #expect(bad.errors.map(\.field) == ["first_review_days", "review_interval_days", "reason"])
    }

    // MARK: - Closing

    @Test func `open lines block closing unless the supervisor writes them off with a reason`() {
        guard
            case .failure(let blocked) = InvestigationClosureDraft(note: "NFA", writeOffReason: "").check(
                outstandingLines: 2)
        else {
            Issue.record("closed with open lines and no reason")
            return
        }
        #expect(blocked.errors.map(\.field) == ["write_off_reason"])
        #expect(blocked.errors.first?.message.contains("2 lines of enquiry are still open") == true)
        guard
            case .success(let writtenOff) = InvestigationClosureDraft(
                note: "NFA", writeOffReason: "Disproportionate: no CCTV, no witnesses"
            ).check(outstandingLines: 2)
        else {
            Issue.record("refused a write-off")
            return
        }
        #expect(writtenOff.writeOff == "Disproportionate: no CCTV, no witnesses")
        guard
            case .success(let plain) = InvestigationClosureDraft(note: "Charged", writeOffReason: "").check(
                outstandingLines: 0)
        else {
            Issue.record("refused a close with nothing open")
            return
        }
        #expect(plain.writeOff == nil)
        guard
            case .failure(let pointless) = InvestigationClosureDraft(note: "x", writeOffReason: "y").check(
                outstandingLines: 0)
        else {
            Issue.record("accepted a write-off of nothing")
            return
        }
        #expect(pointless.errors.map(\.field) == ["write_off_reason"])
    }

    // MARK: - The lexicon

    @Test(arguments: [
        ("Victim said she was drunk at the time and ASKED   FOR IT.", ["asked for it", "was drunk at the time"]),
        ("Officer tasked for items at the scene.", []),
        ("He provoked him, witnesses say.", ["provoked him"]),
        ("Nothing of note.", []),
        ("Why didn't she leave? Unclear.", ["why didn't she leave"]),
    ])
    func `phrasings are found whatever their case and spacing, on word boundaries`(text: String, expected: [String]) {
        let lexicon = VictimBlamingLexicon(phrases: VictimBlamingLexicon.starting)
        #expect(Set(lexicon.matches(in: text)) == Set(expected))
    }

    @Test func `a new phrase is normalised and refused when empty or already there`() throws {
        #expect(try VictimBlamingLexicon.checkPhrase("  Deserved  It ", existing: []).get() == "deserved it")
        #expect((try? VictimBlamingLexicon.checkPhrase(" ", existing: []).get()) == nil)
        #expect((try? VictimBlamingLexicon.checkPhrase("Asked for it", existing: ["asked for it"]).get()) == nil)
    }
}
