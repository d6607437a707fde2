import Foundation

/// A milestone as a person proposes it (the monitoring page's form or the API), before it is checked.
public struct MilestoneDraft: Sendable, Hashable {
    /// One indicator target as given: the indicator's id and the figure it must reach (nil when what was typed
    /// is not a number).
    public struct TargetDraft: Sendable, Hashable {
        public var indicatorID: String
        public var value: Double?

        public init(indicatorID: String, value: Double?) {
            self.indicatorID = indicatorID
            self.value = value
        }
    }

    public var title: String
    /// `YYYY-MM-DD`.
    public var due: String
    public var findingIDs: [Int]
    public var targets: [TargetDraft]

    public init(title: String, due: String, findingIDs: [Int] = [], targets: [TargetDraft] = []) {
        self.title = title
        self.due = due
        self.findingIDs = findingIDs
        self.targets = targets
    }

    /// A checked milestone, ready to store.
    public struct Checked: Sendable, Hashable {
        public var title: String
        public var due: Date
        public var findingIDs: [Int]
        public var targets: [IndicatorTarget]
    }

    /// The milestone, or every problem keyed by field: `title`, `due`, `finding_ids`, `targets[n].indicator_id`,
    /// `targets[n].target`. `indicators` are the registered indicators a target may name; `knownFindings` the
    /// findings among `findingIDs` that exist.
    public func check(indicators: [IndicatorDefinition], knownFindings: Set<Int>) -> Result<Checked, FieldErrors> {
        var errors: [FieldError] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            errors.append(FieldError(field: "title", label: "Milestone", message: "say what must be achieved"))
        }
        let due = InspectionJSON.date(from: due.trimmingCharacters(in: .whitespaces))
        if due == nil { errors.append(FieldError(field: "due", label: "Due", message: "enter a date as YYYY-MM-DD")) }
        var targets: [IndicatorTarget] = []
        for (n, target) in self.targets.enumerated() {
            guard let definition = indicators.first(where: { $0.id == target.indicatorID }) else {
                errors.append(
                    FieldError(
                        field: "targets[\(n)].indicator_id", label: "Indicator \(n + 1)",
                        message: "there is no such indicator"))
                continue
            }
            guard let value = target.value, value.isFinite else {
                errors.append(
                    FieldError(
                        field: "targets[\(n)].target", label: "Target \(n + 1)",
                        message: "enter the number \(definition.name.lowercased()) must reach"))
                continue
            }
            targets.append(IndicatorTarget(indicatorID: definition.id, value: value))
        }
        if !Set(findingIDs).isSubset(of: knownFindings) {
            errors.append(FieldError(field: "finding_ids", label: "Findings", message: "an unknown finding was sent"))
        }
        guard errors.isEmpty, let due else { return .failure(FieldErrors(errors: errors)) }
        return .success(Checked(title: title, due: due, findingIDs: findingIDs, targets: targets))
    }
}
