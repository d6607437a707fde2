import BluelampCore
import Foundation
import Testing

/// The 4P completeness rule (PEEL 2016, Metropolitan, AFI11) and the checks on what a supervisor records.
@Suite struct FourPPlanTests {
    static func action(_ p: FourP, _ status: PlanActionStatus = .open) -> PlanAction {
        PlanAction(
            id: 0, groupID: 1, p: p, action: "Action", ownerOfficerID: 1, ownerAgency: "",
            dueOn: CalendarDay("2026-01-01")!, status: status, result: status == .open ? "" : "Result")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let actions: [PlanAction]
        let missing: [FourP]
        let why: String
        var testDescription: String { why }
    }

    static let cases: [Case] = [
        Case(actions: [], missing: FourP.allCases, why: "no plan misses all four"),
        Case(
            actions: [action(.pursue), action(.pursue), action(.pursue)], missing: [.prevent, .protect, .prepare],
            why: "pursuit only, as the inspection found"),
        Case(
            actions: [action(.pursue), action(.prevent), action(.protect), action(.prepare)], missing: [],
            why: "one of each is complete"),
        Case(
            actions: [action(.pursue, .done), action(.prevent, .done), action(.protect), action(.prepare)],
            missing: [], why: "done actions still cover their P"),
        Case(
            actions: [action(.pursue), action(.prevent), action(.protect), action(.prepare, .cancelled)],
            missing: [.prepare], why: "a cancelled action covers nothing"),
        Case(
            actions: [action(.prepare), action(.protect), action(.prevent)], missing: [.pursue],
            why: "missing pursue is flagged too"),
    ]

    @Test(arguments: cases) func `a plan missing any P is flagged`(c: Case) {
        #expect(FourPPlan.missing(c.actions) == c.missing)
        #expect(FourPPlan.isComplete(c.actions) == c.missing.isEmpty)
    }

    @Test func `an action has exactly one owner and a result once closed`() throws {
        let both = PlanActionDraft(
            p: "prevent", action: "Schools work", ownerOfficerID: "3", ownerAgency: "Council",
            dueOn: "2026-02-01")
        #expect(both.check(groupID: 1).failure?.errors.map(\.field) == ["owner_agency"])
        let neither = PlanActionDraft(
            p: "prevent", action: "Schools work", ownerOfficerID: "", ownerAgency: "",
            dueOn: "2026-02-01")
        #expect(neither.check(groupID: 1).failure?.errors.map(\.field) == ["owner_agency"])
        let closed = PlanActionDraft(
            p: "protect", action: "Target hardening", ownerOfficerID: "", ownerAgency: "Council",
            dueOn: "2026-02-30", status: "done")
        #expect(Set(closed.check(groupID: 1).failure?.errors.map(\.field) ?? []) == ["due_on", "result"])
        let agency = try PlanActionDraft(
            p: "prepare", action: "Community impact plan", ownerOfficerID: "",
            ownerAgency: "Hackney Council", dueOn: "2026-02-01"
        ).check(groupID: 4).get()
        #expect(agency.ownerOfficerID == nil && agency.ownerAgency == "Hackney Council" && agency.groupID == 4)
    }

    @Test func `a disruption names the P it served and is not dated in the future`() throws {
        let today = CalendarDay("2026-06-01")!
        let bad = Disruption.check(type: "raid", p: "pursuit", on: "2026-06-02", outcome: "", groupID: 1, today: today)
        #expect(bad.failure?.errors.map(\.field) == ["type", "p", "on", "outcome"])
        let good = try Disruption.check(
            type: "cash-seizure", p: "pursue", on: "2026-06-01", outcome: "£40,000 seized", groupID: 1, today: today
        ).get()
        #expect(good.type == .cashSeizure && good.p == .pursue)
    }
}
