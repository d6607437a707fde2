import BluelampCore
import Foundation

/// Reads the policy page's form over the rules and caps into a policy, naming every field it cannot read.
/// Rule conditions, order and names are edited as JSON; the form changes values only.
enum AllocationPolicyForm {
    static func apply(_ fields: [String: String], to base: AllocationPolicy) -> (AllocationPolicy, [String]) {
        var policy = base
        var errors: [String] = []
        func number(_ name: String, _ label: String, current: Int) -> Int {
            guard let text = fields[name]?.trimmingCharacters(in: .whitespaces) else { return current }
            guard let value = Int(text) else {
                errors.append("\(label): \"\(text)\" is not a whole number.")
                return current
            }
            return value
        }
        policy.caseloadCaps = CaseloadCaps(
            pip1: number("cap_pip1", "Caseload cap, PIP1", current: base.caseloadCaps.pip1),
            pip2: number("cap_pip2", "Caseload cap, PIP2", current: base.caseloadCaps.pip2),
            pip3: number("cap_pip3", "Caseload cap, PIP3", current: base.caseloadCaps.pip3))
        policy.callOutAbove = number("call_out_above", "Call out above", current: base.callOutAbove)
        policy.deadlines = AllocationDeadlines(
            priority1Hours: number("deadline_p1", "Deadline, priority 1", current: base.deadlines.priority1Hours),
            priority2Hours: number("deadline_p2", "Deadline, priority 2", current: base.deadlines.priority2Hours),
            priority3Hours: number("deadline_p3", "Deadline, priority 3", current: base.deadlines.priority3Hours))
        policy.costs.overskillPerLevel = Int64(
            number("overskill", "Cost per PIP level above the crime's", current: Int(base.costs.overskillPerLevel)))
        policy.costs.crossBCU = Int64(number("cross_bcu", "Cost outside the crime's BCU", current: Int(base.costs.crossBCU)))
        for priority in AllocationInstance.priorities {
            policy.costs.unallocated[priority] = Int64(
                number(
                    "unallocated_p\(priority)", "Cost of leaving a P\(priority) crime waiting",
                    current: Int(base.costs.unallocatedCost(priority: priority))))
        }

        func outcome(_ prefix: String, _ label: String, _ current: AllocationOutcome) -> AllocationOutcome {
            var outcome = current
            if let text = fields["\(prefix)_level"] {
                if let level = Int(text).flatMap(PIPLevel.init(rawValue:)) {
                    outcome.level = level
                } else {
                    errors.append("\(label), level: \"\(text)\" is not a PIP level.")
                }
            }
            if let text = fields["\(prefix)_specialism"] {
                if text.isEmpty {
                    outcome.specialism = nil
                } else if let specialism = Specialism(rawValue: text) {
                    outcome.specialism = specialism
                } else {
                    errors.append("\(label), specialism: \"\(text)\" is not a specialism.")
                }
            }
            if let text = fields["\(prefix)_unit"] {
                if let unit = AllocationUnitKind(rawValue: text) {
                    outcome.unit = unit
                } else {
                    errors.append("\(label), unit: \"\(text)\" is not a unit kind.")
                }
            }
            if let text = fields["\(prefix)_raise"] {
                if text.isEmpty {
                    outcome.raisePriorityTo = nil
                } else if let priority = Int(text).flatMap(CrimePriority.init(rawValue:)) {
                    outcome.raisePriorityTo = priority
                } else {
                    errors.append("\(label), raise priority: \"\(text)\" is not a priority.")
                }
            }
            return outcome
        }
        for index in policy.rules.indices {
            policy.rules[index].then = outcome("rule_\(index)", "Rule \"\(policy.rules[index].name)\"", policy.rules[index].then)
        }
        policy.fallback = outcome("fallback", "Any other crime", policy.fallback)
        return (policy, errors)
    }

    /// A problem as the page lists it, naming the field in the page's words where it has one.
    static func describe(_ problem: AllocationPolicyProblem) -> String {
        let names: [String: String] = [
            "caseloadCaps.pip1": "Caseload cap, PIP1", "caseloadCaps.pip2": "Caseload cap, PIP2",
            "caseloadCaps.pip3": "Caseload cap, PIP3", "deadlines.priority1Hours": "Deadline, priority 1",
            "deadlines.priority2Hours": "Deadline, priority 2", "deadlines.priority3Hours": "Deadline, priority 3",
            "deadlines": "Deadlines", "costs.overskill_per_level": "Cost per PIP level above the crime's",
            "costs.cross_bcu": "Cost outside the crime's BCU", "callOutAbove": "Call out above",
        ]
        guard let name = names[problem.path] else { return problem.description.prefix(1).uppercased() + problem.description.dropFirst() }
        return "\(name) (\(problem.path)): \(problem.message)."
    }
}
