import Foundation

/// One thing wrong with an allocation policy, named by where it is: `rules[3].then.level: must be 1, 2, 3 or 4`.
public struct AllocationPolicyProblem: Sendable, Hashable, CustomStringConvertible {
    /// A path into the policy's JSON: `caseloadCaps.pip1`, `rules[2].when.allFlags[0]`; empty for the whole policy.
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every problem found in a policy; a policy with any is refused and nothing is saved.
public struct AllocationPolicyProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [AllocationPolicyProblem]

    public init(_ problems: [AllocationPolicyProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

// MARK: - Reading a policy an administrator wrote

extension AllocationPolicy {
    /// Reads a policy from the JSON an administrator typed, naming **every** problem rather than the first:
    /// malformed JSON, unknown or missing fields, values of the wrong type or outside their range (levels,
    /// specialisms, units, flags, priorities, categories), then everything `problems()` finds.
    public init(reviewing json: Data) throws(AllocationPolicyProblems) {
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: json, options: [])
        } catch {
            throw AllocationPolicyProblems([
                AllocationPolicyProblem("", "is not valid JSON (\(Self.jsonErrorText(error)))")
            ])
        }
        var review = PolicyJSONReview()
        review.policy(tree)
        if !review.problems.isEmpty { throw AllocationPolicyProblems(review.problems) }
        let policy: AllocationPolicy
        do {
            policy = try JSONDecoder().decode(AllocationPolicy.self, from: json)
        } catch {
            // The walk above mirrors the decoder; this is only reached if they ever disagree.
            throw AllocationPolicyProblems([AllocationPolicyProblem("", "cannot be read: \(error)")])
        }
        let problems = policy.problems()
        if !problems.isEmpty { throw AllocationPolicyProblems(problems) }
        self = policy
    }

    /// The policy as administrators read and edit it: sorted keys, indented.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Every part of the policy is plain data; encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// What is wrong with a well-formed policy, every problem at once (empty when it may be put in force).
    ///
    /// Beyond `validate()`: a name; caps from 0 to 100; deadlines that do not give a more urgent priority
    /// longer than a less urgent one; rules with names, unique; a rule that matches every crime must be
    /// last, since the rules after it would never apply; categories Bluelamp records.
    public func problems() -> [AllocationPolicyProblem] {
        var problems: [AllocationPolicyProblem] = []
        func add(_ path: String, _ message: String) { problems.append(AllocationPolicyProblem(path, message)) }

        if version < 1 || version > Self.currentVersion {
            add("version", "must be from 1 to \(Self.currentVersion), not \(version)")
        }
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { add("name", "must not be empty") }

        if !(1...Self.maximumCallOut).contains(callOutAbove) {
            add("callOutAbove", "must be from 1 to \(Self.maximumCallOut) open crimes, not \(callOutAbove)")
        }
        for level in [PIPLevel.pip1, .pip2, .pip3] {
            let cap = caseloadCaps.cap(for: level) ?? 0
            if !(0...Self.maximumCap).contains(cap) {
                add("caseloadCaps.pip\(level.rawValue)", "must be from 0 to \(Self.maximumCap) open crimes, not \(cap)")
            }
        }
        for priority in CrimePriority.allCases {
            let hours = deadlines.hours(priority: priority)
            if !(1...Self.maximumDeadlineHours).contains(hours) {
                add(
                    "deadlines.priority\(priority.rawValue)Hours",
                    "must be from 1 to \(Self.maximumDeadlineHours) hours, not \(hours)")
            }
        }
        if deadlines.priority1Hours > deadlines.priority2Hours || deadlines.priority2Hours > deadlines.priority3Hours {
            add(
                "deadlines",
                "a more urgent priority cannot have a later deadline (priority 1 ≤ priority 2 ≤ priority 3)")
        }

        if costs.overskillPerLevel < 0 { add("costs.overskill_per_level", "must not be negative") }
        if costs.crossBCU < 0 { add("costs.cross_bcu", "must not be negative") }
        if costs.loadMarginal != AllocationCostPolicy.linearLoadMarginal {
            add("costs.load_marginal", "only \"n\" is supported, not \"\(costs.loadMarginal)\"")
        }
        for priority in AllocationInstance.priorities {
            if let cost = costs.unallocated[priority] {
                if cost < 0 { add("costs.unallocated.\(priority)", "must not be negative") }
            } else {
                add(
                    "costs.unallocated.\(priority)",
                    "is missing: the cost of leaving a priority \(priority) crime unallocated")
            }
        }
        for priority in costs.unallocated.keys.sorted() where !AllocationInstance.priorities.contains(priority) {
            add("costs.unallocated.\(priority)", "there is no priority \(priority)")
        }

        var names: [String: Int] = [:]
        let known = Set(CrimeCategory.allCases.map { $0.rawValue.lowercased() })
        for (index, rule) in rules.enumerated() {
            let path = "rules[\(index)]"
            let name = rule.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty {
                add("\(path).name", "must not be empty: explanations and the audit log name the rule")
            } else if let first = names[name.lowercased()] {
                add("\(path).name", "\"\(name)\" is also the name of rules[\(first)]")
            } else {
                names[name.lowercased()] = index
            }
            for (c, category) in rule.when.categories.enumerated() where !known.contains(category.lowercased()) {
                add("\(path).when.categories[\(c)]", "\"\(category)\" is not a crime category Bluelamp records")
            }
            for (o, text) in rule.when.offenceContains.enumerated()
            where text.trimmingCharacters(in: .whitespaces).isEmpty {
                add("\(path).when.offenceContains[\(o)]", "must not be empty (it would match every offence)")
            }
            if rule.when.matchesEveryCrime && index < rules.count - 1 {
                add(
                    "\(path).when",
                    "matches every crime, so the \(rules.count - 1 - index) rule(s) after it would never apply")
            }
            if let specialism = rule.then.specialism, specialism == .homicide && rule.then.level < .pip3 {
                add("\(path).then.level", "homicide investigations are led at PIP3")
            }
        }
        for (index, floor) in priorityFloors.enumerated() where floor.flags.isEmpty {
            add("priorityFloors[\(index)].flags", "must name at least one flag")
        }
        return problems
    }

    /// The most open crimes a cap may allow: far above any real caseload, so a typo is caught.
    public static let maximumCap = 100
    /// The largest `callOutAbove` a policy may set.
    public static let maximumCallOut = 1000
    /// Thirty days: an allocation target beyond that is no target.
    public static let maximumDeadlineHours = 30 * 24

    private static func jsonErrorText(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension AllocationCondition {
    /// No part given: every crime matches.
    public var matchesEveryCrime: Bool {
        categories.isEmpty && offenceContains.isEmpty && allFlags.isEmpty && anyFlags.isEmpty && priorities.isEmpty
    }
}

// MARK: - The walk over the JSON

/// Walks the JSON tree the way `AllocationPolicy`'s decoder will, collecting every problem with its path.
private struct PolicyJSONReview {
    var problems: [AllocationPolicyProblem] = []

    mutating func add(_ path: String, _ message: String) { problems.append(AllocationPolicyProblem(path, message)) }

    mutating func policy(_ tree: Any) {
        guard let root = object(tree, "") else { return }
        fields(
            root, "",
            required: ["version", "name", "rules", "fallback", "priorityFloors", "deadlines", "caseloadCaps", "costs"],
            optional: ["callOutAbove"])
        integer(root["version"], "version", in: 1...AllocationPolicy.currentVersion)
        if root["callOutAbove"] != nil { integer(root["callOutAbove"], "callOutAbove", in: nil) }
        string(root["name"], "name")
        if let rules = array(root["rules"], "rules") {
            for (index, rule) in rules.enumerated() { self.rule(rule, "rules[\(index)]") }
        }
        outcome(root["fallback"], "fallback")
        if let floors = array(root["priorityFloors"], "priorityFloors") {
            for (index, floor) in floors.enumerated() {
                let path = "priorityFloors[\(index)]"
                guard let floor = object(floor, path) else { continue }
                fields(floor, path, required: ["flags", "priority"], optional: [])
                flags(floor["flags"], "\(path).flags")
                integer(floor["priority"], "\(path).priority", in: 1...3)
            }
        }
        if let deadlines = object(root["deadlines"], "deadlines") {
            let keys = ["priority1Hours", "priority2Hours", "priority3Hours"]
            fields(deadlines, "deadlines", required: keys, optional: [])
            for key in keys { integer(deadlines[key], "deadlines.\(key)", in: nil) }
        }
        if let caps = object(root["caseloadCaps"], "caseloadCaps") {
            let keys = ["pip1", "pip2", "pip3"]
            fields(caps, "caseloadCaps", required: keys, optional: [])
            for key in keys { integer(caps[key], "caseloadCaps.\(key)", in: nil) }
        }
        if let costs = object(root["costs"], "costs") {
            fields(
                costs, "costs", required: ["overskill_per_level", "cross_bcu", "unallocated"],
                optional: ["load_marginal"])
            integer(costs["overskill_per_level"], "costs.overskill_per_level", in: nil)
            integer(costs["cross_bcu"], "costs.cross_bcu", in: nil)
            if costs["load_marginal"] != nil { string(costs["load_marginal"], "costs.load_marginal") }
            if let unallocated = object(costs["unallocated"], "costs.unallocated") {
                for (key, value) in unallocated.sorted(by: { $0.key < $1.key }) {
                    if Int(key) == nil { add("costs.unallocated.\(key)", "priority \"\(key)\" is not a number") }
                    integer(value, "costs.unallocated.\(key)", in: nil)
                }
            }
        }
    }

    mutating func rule(_ value: Any, _ path: String) {
        guard let rule = object(value, path) else { return }
        fields(rule, path, required: ["name", "when", "then"], optional: [])
        string(rule["name"], "\(path).name")
        if let when = object(rule["when"], "\(path).when") {
            let keys = ["categories", "offenceContains", "allFlags", "anyFlags", "priorities"]
            fields(when, "\(path).when", required: [], optional: keys)
            for key in ["categories", "offenceContains"] where when[key] != nil {
                if let items = array(when[key], "\(path).when.\(key)") {
                    for (index, item) in items.enumerated() { string(item, "\(path).when.\(key)[\(index)]") }
                }
            }
            for key in ["allFlags", "anyFlags"] where when[key] != nil { flags(when[key], "\(path).when.\(key)") }
            if when["priorities"] != nil, let items = array(when["priorities"], "\(path).when.priorities") {
                for (index, item) in items.enumerated() {
                    integer(item, "\(path).when.priorities[\(index)]", in: 1...3)
                }
            }
        }
        outcome(rule["then"], "\(path).then")
    }

    mutating func outcome(_ value: Any?, _ path: String) {
        guard let outcome = object(value, path) else { return }
        fields(outcome, path, required: ["level", "unit"], optional: ["specialism", "raisePriorityTo"])
        integer(outcome["level"], "\(path).level", in: 1...4)
        if let unit = string(outcome["unit"], "\(path).unit"), AllocationUnitKind(rawValue: unit) == nil {
            add(
                "\(path).unit",
                "\"\(unit)\" is not a unit kind (\(AllocationUnitKind.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        if let specialism = outcome["specialism"], !(specialism is NSNull),
            let code = string(specialism, "\(path).specialism"), Specialism(rawValue: code) == nil
        {
            add(
                "\(path).specialism",
                "\"\(code)\" is not a specialism (\(Specialism.allCases.map(\.code).joined(separator: ", ")))")
        }
        if let raise = outcome["raisePriorityTo"], !(raise is NSNull) {
            integer(raise, "\(path).raisePriorityTo", in: 1...3)
        }
    }

    mutating func flags(_ value: Any?, _ path: String) {
        guard let items = array(value, path) else { return }
        for (index, item) in items.enumerated() {
            if let code = string(item, "\(path)[\(index)]"), CrimeFlags(codes: [code]) == nil {
                add(
                    "\(path)[\(index)]",
                    "\"\(code)\" is not a crime flag (\(CrimeFlags.all.compactMap(\.code).joined(separator: ", ")))")
            }
        }
    }

    // MARK: Types

    mutating func fields(_ object: [String: Any], _ path: String, required: [String], optional: [String]) {
        let prefix = path.isEmpty ? "" : "\(path)."
        for key in required where object[key] == nil { add("\(prefix)\(key)", "is missing") }
        let known = Set(required + optional)
        for key in object.keys.sorted() where !known.contains(key) {
            add(
                "\(prefix)\(key)",
                "is not a field of the policy here (expected \((required + optional).joined(separator: ", ")))")
        }
    }

    mutating func object(_ value: Any?, _ path: String) -> [String: Any]? {
        guard let value else { return nil }  // reported as missing by `fields`
        guard let object = value as? [String: Any] else {
            add(path, "must be an object")
            return nil
        }
        return object
    }

    mutating func array(_ value: Any?, _ path: String) -> [Any]? {
        guard let value else { return nil }
        guard let array = value as? [Any] else {
            add(path, "must be a list")
            return nil
        }
        return array
    }

    @discardableResult
    mutating func string(_ value: Any?, _ path: String) -> String? {
        guard let value else { return nil }
        guard let string = value as? String else {
            add(path, "must be text")
            return nil
        }
        return string
    }

    mutating func integer(_ value: Any?, _ path: String, in range: ClosedRange<Int>?) {
        guard let value else { return }
        // JSONSerialization gives NSNumber for numbers and booleans alike; a boolean is not a number here.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
            let integer = Int(exactly: number.doubleValue)
        else {
            add(path, "must be a whole number")
            return
        }
        if let range, !range.contains(integer) {
            add(path, "must be from \(range.lowerBound) to \(range.upperBound), not \(integer)")
        }
    }
}
