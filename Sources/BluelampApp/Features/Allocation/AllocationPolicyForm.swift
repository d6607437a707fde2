import BluelampCore
import Foundation

/// Reads the policy page's form over the rules and caps into a policy, naming every field it cannot read at its
/// place in the policy's JSON (as `AllocationPolicy(reviewing:)` does), so the page lists them in one way.
/// Rule conditions, order and names are edited as JSON; the form changes values only.
enum AllocationPolicyForm {
    static func apply(_ fields: [String: String], to base: AllocationPolicy) -> (
        AllocationPolicy, [AllocationPolicyProblem]
    ) {
        var policy = base
        var errors: [AllocationPolicyProblem] = []
        func number(_ name: String, _ path: String, current: Int) -> Int {
            guard let text = fields[name]?.trimmingCharacters(in: .whitespaces) else { return current }
            guard let value = Int(text) else {
                errors.append(AllocationPolicyProblem(path, "\"\(text)\" is not a whole number"))
                return current
            }
            return value
        }
        policy.caseloadCaps = CaseloadCaps(
            pip1: number("cap_pip1", "caseloadCaps.pip1", current: base.caseloadCaps.pip1),
            pip2: number("cap_pip2", "caseloadCaps.pip2", current: base.caseloadCaps.pip2),
            pip3: number("cap_pip3", "caseloadCaps.pip3", current: base.caseloadCaps.pip3))
        policy.callOutAbove = number("call_out_above", "callOutAbove", current: base.callOutAbove)
        policy.deadlines = AllocationDeadlines(
            priority1Hours: number("deadline_p1", "deadlines.priority1Hours", current: base.deadlines.priority1Hours),
            priority2Hours: number("deadline_p2", "deadlines.priority2Hours", current: base.deadlines.priority2Hours),
            priority3Hours: number("deadline_p3", "deadlines.priority3Hours", current: base.deadlines.priority3Hours))
        policy.costs.overskillPerLevel = Int64(
            number("overskill", "costs.overskill_per_level", current: Int(base.costs.overskillPerLevel)))
        policy.costs.crossBCU = Int64(number("cross_bcu", "costs.cross_bcu", current: Int(base.costs.crossBCU)))
        for priority in AllocationInstance.priorities {
            policy.costs.unallocated[priority] = Int64(
                number(
                    "unallocated_p\(priority)", "costs.unallocated.\(priority)",
                    current: Int(base.costs.unallocatedCost(priority: priority))))
        }

        func outcome(_ prefix: String, _ path: String, _ current: AllocationOutcome) -> AllocationOutcome {
            var outcome = current
            if let text = fields["\(prefix)_level"] {
                if let level = Int(text).flatMap(PIPLevel.init(rawValue:)) {
                    outcome.level = level
                } else {
                    errors.append(AllocationPolicyProblem("\(path).level", "\"\(text)\" is not a PIP level"))
                }
            }
            if let text = fields["\(prefix)_specialism"] {
                if text.isEmpty {
                    outcome.specialism = nil
                } else if let specialism = Specialism(rawValue: text) {
                    outcome.specialism = specialism
                } else {
                    errors.append(AllocationPolicyProblem("\(path).specialism", "\"\(text)\" is not a specialism"))
                }
            }
            if let text = fields["\(prefix)_unit"] {
                if let unit = AllocationUnitKind(rawValue: text) {
                    outcome.unit = unit
                } else {
                    errors.append(AllocationPolicyProblem("\(path).unit", "\"\(text)\" is not a unit kind"))
                }
            }
            if let text = fields["\(prefix)_raise"] {
                if text.isEmpty {
                    outcome.raisePriorityTo = nil
                } else if let priority = Int(text).flatMap(CrimePriority.init(rawValue:)) {
                    outcome.raisePriorityTo = priority
                } else {
                    errors.append(AllocationPolicyProblem("\(path).raisePriorityTo", "\"\(text)\" is not a priority"))
                }
            }
            return outcome
        }
        for index in policy.rules.indices {
            policy.rules[index].then = outcome("rule_\(index)", "rules[\(index)].then", policy.rules[index].then)
        }
        policy.fallback = outcome("fallback", "fallback", policy.fallback)
        return (policy, errors)
    }

    /// A problem as the page lists it, naming the field in the page's words where it has one:
    /// "Caseload cap, PIP1 (caseloadCaps.pip1): must be at least 1."
    static func describe(_ problem: FieldError) -> String {
        guard problem.field == "policy" || problem.field.hasPrefix("policy.") else {
            return "\(problem.label): \(problem.message)."
        }
        let path = String(problem.field.dropFirst("policy".count).drop { $0 == "." })
        let names: [String: String] = [
            "caseloadCaps.pip1": "Caseload cap, PIP1", "caseloadCaps.pip2": "Caseload cap, PIP2",
            "caseloadCaps.pip3": "Caseload cap, PIP3", "deadlines.priority1Hours": "Deadline, priority 1",
            "deadlines.priority2Hours": "Deadline, priority 2", "deadlines.priority3Hours": "Deadline, priority 3",
            "deadlines": "Deadlines", "costs.overskill_per_level": "Cost per PIP level above the crime's",
            "costs.cross_bcu": "Cost outside the crime's BCU", "callOutAbove": "Call out above",
        ]
        if path.isEmpty { return problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "." }
        return "\(names[path] ?? "Policy") (\(path)): \(problem.message)."
    }
}
