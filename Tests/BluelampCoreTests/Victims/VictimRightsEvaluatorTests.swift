import BluelampCore
import Foundation
import Testing

/// The 12 rights for one victim: met, due, overdue or not applicable, each with why.
@Suite struct VictimRightsEvaluatorTests {
    static let reported = VictimsTestSupport.instant("2025-03-03T10:00:00Z")
    /// Thursday 20 March 2025, midday.
    static let now = VictimsTestSupport.instant("2025-03-20T12:00:00Z")

    static func at(_ text: String) -> Date { VictimsTestSupport.instant(text) }

    /// A victim who reported on Monday 3 March; nothing done yet.
    static var fresh: VictimRightsInput { VictimRightsInput(reportedAt: reported, investigationOpenedAt: reported) }

    static func evaluate(_ input: VictimRightsInput, enhanced: Bool = false, now: Date = now) throws -> [VictimRight:
        VictimRightCompliance]
    {
        let results = try VictimRightsEvaluator.evaluate(
            input, enhanced: enhanced, now: now, calendar: VictimsTestSupport.calendar)
        #expect(results.map(\.right) == VictimRight.allCases, "every right, in the Code's order")
        #expect(results.allSatisfy { !$0.why.isEmpty }, "every right has a reason")
        return Dictionary(uniqueKeysWithValues: results.map { ($0.right, $0) })
    }

    @Test func `a victim with nothing done yet: overdue where the Code has a limit, due where not, the rest n/a`()
        throws
    {
        let rights = try Self.evaluate(Self.fresh)
        let expected: [VictimRight: RightStatus] = [
            .understandAndBeUnderstood: .due, .crimeRecorded: .overdue, .informationWhenReporting: .due,
            .referralToSupportServices: .overdue, .compensationInformation: .due,
            .investigationAndProsecutionInformation: .met, .victimPersonalStatement: .due,
            .trialInformation: .notApplicable, .outcomeAndAppeals: .notApplicable,
            .expensesAndProperty: .notApplicable, .offenderInformationAfterConviction: .notApplicable, .complain: .due,
        ]
        for (right, status) in expected {
            #expect(rights[right]?.status == status, "right \(right.rawValue): \(rights[right]?.why ?? "")")
        }
        #expect(rights[.referralToSupportServices]?.why.contains("due by 2025-03-05") == true)
        #expect(
            rights[.investigationAndProsecutionInformation]?.why.contains("Next routine update by 2025-03-31") == true)
        #expect(rights[.trialInformation]?.why == "No suspect has been charged, so there is no trial yet")
    }

    @Test func `within the time allowed, rights with a limit are due, not overdue`() throws {
        let rights = try Self.evaluate(Self.fresh, now: Self.at("2025-03-03T18:00:00Z"))
        #expect(rights[.crimeRecorded]?.status == .due)
        #expect(rights[.referralToSupportServices]?.status == .due)
    }

    @Test func `everything done is met, and done late says so`() throws {
        var input = Self.fresh
        input.communicationNeedsCheckedAt = Self.reported
        input.crimeRecordedAt = Self.at("2025-03-05T10:00:00Z")
        input.reportingInformationGivenAt = Self.reported
        input.needsAssessmentAt = Self.at("2025-03-04T10:00:00Z")
        input.referralOutcome = .notWanted
        input.compensationInformationGivenAt = Self.reported
        input.statement = VictimPersonalStatementRecord(offeredAt: Self.reported, declinedAt: Self.reported)
        input.complaintInformationGivenAt = Self.reported
        let rights = try Self.evaluate(input)
        for right in [1, 2, 3, 4, 5, 6, 7, 12].compactMap(VictimRight.init(rawValue:)) {
            #expect(rights[right]?.status == .met, "right \(right.rawValue): \(rights[right]?.why ?? "")")
        }
        #expect(rights[.crimeRecorded]?.why.contains("late: 48 hours after the report") == true)
        #expect(rights[.referralToSupportServices]?.why.contains("no support wanted") == true)
        #expect(rights[.victimPersonalStatement]?.why.contains("declined on 2025-03-03") == true)
    }

    struct KeyEventCase: Sendable, CustomTestStringConvertible {
        let name: String
        let enhanced: Bool
        let toldAt: String?
        let status: RightStatus
        let says: String
        var testDescription: String { name }
    }

    /// An arrest on Monday 17 March 2025; now is Thursday 20 March.
    @Test(arguments: [
        KeyEventCase(
            name: "enhanced, not told after 1 working day: overdue", enhanced: true, toldAt: nil, status: .overdue,
            says: "Not told in time of: suspect arrested (due by 2025-03-18)"),
        KeyEventCase(
            name: "standard, not told within 5 working days: due", enhanced: false, toldAt: nil, status: .due,
            says: "suspect arrested (due by 2025-03-24)"),
        KeyEventCase(
            name: "enhanced, told in time: met", enhanced: true, toldAt: "2025-03-18T16:00:00Z", status: .met,
            says: "Told of 1 key event"),
        KeyEventCase(
            name: "enhanced, told late: met, and late", enhanced: true, toldAt: "2025-03-19T09:00:00Z", status: .met,
            says: "late of suspect arrested (due by 2025-03-18, told 2025-03-19)"),
    ])
    func `key events are told within 1 or 5 working days`(_ c: KeyEventCase) throws {
        var input = Self.fresh
        input.keyEvents = [
            VictimKeyEventRecord(
                event: .arrested, occurredAt: Self.at("2025-03-17T11:00:00Z"), toldAt: c.toldAt.map(Self.at))
        ]
        let right = try #require(
            try Self.evaluate(input, enhanced: c.enhanced)[.investigationAndProsecutionInformation])
        #expect(right.status == c.status)
        #expect(right.why.contains(c.says), "\(right.why)")
    }

    @Test func `routine updates: overdue after 28 days, or the agreed interval, and not owed once closed`() throws {
        var input = VictimRightsInput(
            reportedAt: Self.at("2025-01-06T10:00:00Z"),
            investigationOpenedAt: Self.at(
                "2025-01-06T10:00:00Z"))
        input.lastRoutineUpdateAt = Self.at("2025-03-01T10:00:00Z")
        #expect(try Self.evaluate(input)[.investigationAndProsecutionInformation]?.status == .met)
        input.agreedUpdateIntervalDays = 14
        let agreed = try #require(try Self.evaluate(input)[.investigationAndProsecutionInformation])
        #expect(agreed.status == .overdue)
        #expect(
            agreed.why.contains("Routine update overdue: due by 2025-03-15 (every 14 days, as agreed with the victim)"))
        input.lastRoutineUpdateAt = nil
        input.agreedUpdateIntervalDays = nil
        #expect(try Self.evaluate(input)[.investigationAndProsecutionInformation]?.status == .overdue)
        // Telling the victim of a key event is an update too.
        input.keyEvents = [
            VictimKeyEventRecord(
                event: .interviewed, occurredAt: Self.at("2025-03-10T10:00:00Z"),
                toldAt: Self.at("2025-03-11T10:00:00Z"))
        ]
        #expect(try Self.evaluate(input)[.investigationAndProsecutionInformation]?.status == .met)
        input.keyEvents = []
        input.investigationClosedAt = Self.at("2025-02-01T10:00:00Z")
        let closed = try #require(try Self.evaluate(input)[.investigationAndProsecutionInformation])
        #expect(closed.status == .met)
        #expect(closed.why.contains("Investigation closed"))
    }

    @Test func `once charged, the VPS is overdue if never offered and the court rights apply`() throws {
        var input = Self.fresh
        input.keyEvents = [
            VictimKeyEventRecord(
                event: .charged, occurredAt: Self.at("2025-03-10T10:00:00Z"), toldAt: Self.at("2025-03-10T15:00:00Z"))
        ]
        var rights = try Self.evaluate(input)
        #expect(rights[.victimPersonalStatement]?.status == .overdue)
        #expect(rights[.trialInformation]?.status == .due)
        #expect(rights[.outcomeAndAppeals]?.status == .due)
        #expect(rights[.expensesAndProperty]?.status == .due)
        #expect(rights[.offenderInformationAfterConviction]?.status == .notApplicable)

        input.statement = VictimPersonalStatementRecord(
            offeredAt: Self.reported, madeAt: Self.at("2025-03-11T10:00:00Z"))
        input.trialInformationGivenAt = Self.at("2025-03-12T10:00:00Z")
        input.expensesInformationGivenAt = Self.at("2025-03-12T10:00:00Z")
        rights = try Self.evaluate(input)
        #expect(rights[.victimPersonalStatement]?.status == .met)
        #expect(rights[.victimPersonalStatement]?.why == "Victim Personal Statement made on 2025-03-11")
        #expect(rights[.trialInformation]?.status == .met)
        #expect(rights[.expensesAndProperty]?.status == .met)
    }

    @Test(
        arguments: [
            (true, nil, RightStatus.overdue), (false, nil, .due), (true, "2025-03-17T10:00:00Z", .met),
        ] as [(Bool, String?, RightStatus)])
    func `the case's outcome is told within 1 or 5 working days`(enhanced: Bool, toldAt: String?, status: RightStatus)
        throws
    {
        var input = Self.fresh
        input.chargedAt = Self.at("2025-03-05T10:00:00Z")
        input.caseOutcomeAt = Self.at("2025-03-14T10:00:00Z")
        input.caseOutcomeToldAt = toldAt.map(Self.at)
        let right = try #require(try Self.evaluate(input, enhanced: enhanced)[.outcomeAndAppeals])
        #expect(right.status == status, "\(right.why)")
    }

    @Test func `after a conviction the Victim Contact Scheme is owed`() throws {
        var input = Self.fresh
        input.chargedAt = Self.at("2025-03-05T10:00:00Z")
        input.convictedAt = Self.at("2025-03-14T10:00:00Z")
        #expect(try Self.evaluate(input)[.offenderInformationAfterConviction]?.status == .due)
        input.victimContactSchemeOfferedAt = Self.at("2025-03-15T10:00:00Z")
        #expect(try Self.evaluate(input)[.offenderInformationAfterConviction]?.status == .met)
    }

    @Test func `property held is owed back, with no charge needed`() throws {
        var input = Self.fresh
        input.propertyHeld = true
        let held = try #require(try Self.evaluate(input)[.expensesAndProperty])
        #expect(held.status == .due)
        #expect(held.why.hasPrefix("Property held and not yet returned"))
        input.propertyReturnedAt = Self.at("2025-03-12T10:00:00Z")
        #expect(try Self.evaluate(input)[.expensesAndProperty]?.status == .met)
    }

    @Test func `a clock outside the bank-holiday data is an error`() {
        let input = VictimRightsInput(
            reportedAt: Self.at("2030-12-30T10:00:00Z"), investigationOpenedAt: Self.at("2030-12-30T10:00:00Z"))
        #expect(throws: VictimsCodeError.self) {
            try VictimRightsEvaluator.evaluate(
                input, enhanced: false, now: Self.at("2030-12-30T12:00:00Z"), calendar: VictimsTestSupport.calendar)
        }
    }

    @Test func `the rights carry the Code's titles and statuses their stored names`() {
        #expect(VictimRight.allCases.map(\.rawValue) == Array(1...12))
        #expect(VictimRight.victimPersonalStatement.title == "To make a Victim Personal Statement")
        #expect(RightStatus.notApplicable.rawValue == "not_applicable")
        #expect(NeedsReferralOutcome.notWanted.rawValue == "not_wanted")
        #expect(VPSStatus.allCases.map(\.rawValue) == ["offered", "made", "declined"])
    }
}
