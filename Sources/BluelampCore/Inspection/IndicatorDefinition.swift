import Foundation

/// What an indicator's value measures.
public enum IndicatorUnit: String, CaseIterable, Codable, Sendable, Hashable {
    case count
    /// 0–100.
    case percent
    case days
    case hours
    case minutes
    case seconds
    /// Per 1,000 population.
    case ratePerThousand = "rate-per-1000"
    /// A plain ratio, e.g. 0.6.
    case ratio

    /// The unit in words, as a page shows it.
    public var label: String {
        switch self {
        case .count: "A count"
        case .percent: "A percentage"
        case .days: "Days"
        case .hours: "Hours"
        case .minutes: "Minutes"
        case .seconds: "Seconds"
        case .ratePerThousand: "A rate per 1,000 people"
        case .ratio: "A ratio"
        }
    }

    public var symbol: String {
        switch self {
        case .count: ""
        case .percent: "%"
        case .days: " days"
        case .hours: " hours"
        case .minutes: " min"
        case .seconds: " s"
        case .ratePerThousand: " per 1,000"
        case .ratio: ""
        }
    }

    /// The decimal places a figure in this unit is shown with: whole numbers for counts, one place otherwise.
    public var decimals: Int { self == .count ? 0 : 1 }

    /// The figure as it is shown (half away from zero), which is the figure its band is decided on: a page
    /// never shows "8.0%, good at most 8.0%" beside "Adequate".
    public func shown(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }
}

/// Which way is better for an indicator's value.
public enum IndicatorDirection: String, CaseIterable, Codable, Sendable, Hashable {
    /// e.g. the share of crimes recorded within 24 hours of the report.
    case higherIsBetter = "higher-is-better"
    /// e.g. the share of open investigations older than 28 days.
    case lowerIsBetter = "lower-is-better"

    /// The direction in words, as a page shows it.
    public var label: String {
        switch self {
        case .higherIsBetter: "Higher is better"
        case .lowerIsBetter: "Lower is better"
        }
    }

    /// Whether `value` is at least as good as `reference`.
    public func isAtLeastAsGood(_ value: Double, as reference: Double) -> Bool {
        switch self {
        case .higherIsBetter: value >= reference
        case .lowerIsBetter: value <= reference
        }
    }
}

/// Where a figure falls against its policy thresholds, named after the grades it would support.
///
/// `Comparable` orders by quality, like `Grade`: `.inadequate < .good`.
public enum IndicatorBand: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case good
    case adequate
    case requiresImprovement = "requires-improvement"
    case inadequate

    public var label: String {
        switch self {
        case .good: "Good"
        case .adequate: "Adequate"
        case .requiresImprovement: "Requires improvement"
        case .inadequate: "Inadequate"
        }
    }

    /// 0 for good (best) to 3 for inadequate (worst).
    public var severity: Int {
        switch self {
        case .good: 0
        case .adequate: 1
        case .requiresImprovement: 2
        case .inadequate: 3
        }
    }

    /// The grade of the same name.
    public var grade: Grade {
        switch self {
        case .good: .good
        case .adequate: .adequate
        case .requiresImprovement: .requiresImprovement
        case .inadequate: .inadequate
        }
    }

    public static func < (lhs: IndicatorBand, rhs: IndicatorBand) -> Bool { lhs.severity > rhs.severity }
}

/// The band edges for an indicator, from the force's policy.
///
/// Each number is the worst value still in that band: with higher-is-better, a value at or above
/// `good` is good, at or above `adequate` adequate, at or above `requiresImprovement` requires
/// improvement, and anything below is inadequate. With lower-is-better the comparisons turn round.
/// Three edges make four bands; inadequate is whatever lies beyond `requiresImprovement`.
public struct IndicatorThresholds: Codable, Sendable, Hashable {
    public var good: Double
    public var adequate: Double
    public var requiresImprovement: Double

    public init(good: Double, adequate: Double, requiresImprovement: Double) {
        self.good = good
        self.adequate = adequate
        self.requiresImprovement = requiresImprovement
    }
}

/// An indicator, defined once: what it measures, which PEEL area it evidences, which way is
/// better and where its bands lie. The store computes its value for any period and BCU.
public struct IndicatorDefinition: Codable, Sendable, Hashable, Identifiable {
    /// Stable, e.g. `crimes.recorded-within-24h`.
    public var id: String
    public var name: String
    /// What it counts, in words, for the dashboard and the closing note.
    public var description: String
    /// The framework whose area it evidences (normally the current one, `peel-2023-25`).
    public var frameworkID: String
    public var areaID: String
    public var unit: IndicatorUnit
    public var direction: IndicatorDirection
    public var thresholds: IndicatorThresholds
    /// Where the thresholds come from, e.g. "Crime Recording Rules: the decision is due within 24 hours".
    public var thresholdSource: String?

    public init(
        id: String, name: String, description: String = "", frameworkID: String = "peel-2023-25", areaID: String,
        unit: IndicatorUnit, direction: IndicatorDirection, thresholds: IndicatorThresholds,
        thresholdSource: String? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.frameworkID = frameworkID
        self.areaID = areaID
        self.unit = unit
        self.direction = direction
        self.thresholds = thresholds
        self.thresholdSource = thresholdSource
    }

    /// The band a value falls in, decided on the value as shown (`IndicatorUnit.shown`), or nil for a value that
    /// is not a finite number.
    public func band(for value: Double) -> IndicatorBand? {
        guard value.isFinite else { return nil }
        let value = unit.shown(value)
        if direction.isAtLeastAsGood(value, as: thresholds.good) { return .good }
        if direction.isAtLeastAsGood(value, as: thresholds.adequate) { return .adequate }
        if direction.isAtLeastAsGood(value, as: thresholds.requiresImprovement) { return .requiresImprovement }
        return .inadequate
    }

    /// What is wrong with the definition; empty when it is well formed. The edges must be finite
    /// and run from best to worst in the indicator's direction (equal edges leave a band empty,
    /// which is allowed).
    public func problems() -> [String] {
        var problems: [String] = []
        if id.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("indicator has no id") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(id): indicator has no name") }
        let t = thresholds
        if ![t.good, t.adequate, t.requiresImprovement].allSatisfy(\.isFinite) {
            problems.append("\(id): thresholds must be finite numbers")
        } else if !direction.isAtLeastAsGood(t.good, as: t.adequate)
            || !direction.isAtLeastAsGood(t.adequate, as: t.requiresImprovement)
        {
            let order =
                direction == .higherIsBetter
                ? "good ≥ adequate ≥ requires improvement" : "good ≤ adequate ≤ requires improvement"
            problems.append("\(id): thresholds must run \(order)")
        }
        return problems
    }
}

/// An indicator's value for some period (and BCU), with the definition that gives it meaning.
public struct IndicatorReading: Sendable, Hashable {
    public var definition: IndicatorDefinition
    /// Nil when there is no figure yet (no records in the period).
    public var value: Double?
    /// What a reader must know to read this figure, e.g. how many records were left out of it and why.
    public var notes: [String]

    public init(definition: IndicatorDefinition, value: Double?, notes: [String] = []) {
        self.definition = definition
        self.value = value
        self.notes = notes
    }

    public var indicatorID: String { definition.id }

    /// Nil when there is no value.
    public var band: IndicatorBand? { value.flatMap { definition.band(for: $0) } }
}

/// A value an indicator must reach: the target a finding's evidence or a milestone sets.
public struct IndicatorTarget: Codable, Sendable, Hashable {
    public var indicatorID: String
    /// Reached when the indicator's value is at least as good as this, in its direction.
    public var value: Double

    public init(indicatorID: String, value: Double) {
        self.indicatorID = indicatorID
        self.value = value
    }

    /// Whether the reading reaches the target. A reading of another indicator, or with no value,
    /// does not.
    public func isMet(by reading: IndicatorReading) -> Bool {
        guard reading.indicatorID == indicatorID, let current = reading.value, current.isFinite else { return false }
        return reading.definition.direction.isAtLeastAsGood(current, as: value)
    }
}

/// A force's own band thresholds for an indicator, set in policy in place of Bluelamp's defaults.
public struct IndicatorThresholdPolicy: Codable, Sendable, Hashable {
    public var indicatorID: String
    public var thresholds: IndicatorThresholds
    /// Why the force set them (required), e.g. "Force performance board, 3 March 2025".
    public var reason: String
    public var setBy: String
    public var setAt: Date

    public init(indicatorID: String, thresholds: IndicatorThresholds, reason: String, setBy: String, setAt: Date) {
        self.indicatorID = indicatorID
        self.thresholds = thresholds
        self.reason = reason
        self.setBy = setBy
        self.setAt = setAt
    }

    /// What is wrong with these thresholds for `definition` (the same order rule as the defaults), and
    /// a reason that is missing. Empty when they can be set.
    public func problems(for definition: IndicatorDefinition) -> [FieldError] {
        var problems: [FieldError] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(
                FieldError(field: "reason", label: "Reason", message: "say why the force sets its own thresholds"))
        }
        var changed = definition
        changed.thresholds = thresholds
        problems += changed.problems().map { problem in
            // "id: thresholds must run …" reads better on the form without the id.
            let message =
                problem.hasPrefix("\(definition.id): ") ? String(problem.dropFirst(definition.id.count + 2)) : problem
            return FieldError(field: "thresholds", label: "Thresholds", message: message)
        }
        return problems
    }
}

/// A force's thresholds for an indicator as the indicators page's form sends them: three numbers as typed and why.
public struct IndicatorThresholdDraft: Sendable, Hashable {
    public var good: String?
    public var adequate: String?
    public var requiresImprovement: String?
    public var reason: String?

    public init(good: String?, adequate: String?, requiresImprovement: String?, reason: String?) {
        self.good = good
        self.adequate = adequate
        self.requiresImprovement = requiresImprovement
        self.reason = reason
    }

    /// The policy to set for `definition`, or every problem, each at its field.
    public func check(for definition: IndicatorDefinition, setBy: String, at now: Date) -> Result<
        IndicatorThresholdPolicy, FieldErrors
    > {
        var errors: [FieldError] = []
        func number(_ field: String, _ label: String, _ text: String?) -> Double? {
            guard let value = text.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), value.isFinite else {
                errors.append(FieldError(field: field, label: label, message: "enter a number"))
                return nil
            }
            return value
        }
        let good = number("good", "Good from", good)
        let adequate = number("adequate", "Adequate from", adequate)
        let requiresImprovement = number("requires_improvement", "Requires improvement from", requiresImprovement)
        guard let good, let adequate, let requiresImprovement else { return .failure(FieldErrors(errors: errors)) }
        let policy = IndicatorThresholdPolicy(
            indicatorID: definition.id,
            thresholds: IndicatorThresholds(good: good, adequate: adequate, requiresImprovement: requiresImprovement),
            reason: (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines), setBy: setBy, setAt: now)
        errors += policy.problems(for: definition)
        return errors.isEmpty ? .success(policy) : .failure(FieldErrors(errors: errors))
    }
}

extension IndicatorDefinition {
    /// The definition with the force's thresholds in place of the defaults, saying where they came from.
    public func applying(_ policy: IndicatorThresholdPolicy?) -> IndicatorDefinition {
        guard let policy, policy.indicatorID == id else { return self }
        var changed = self
        changed.thresholds = policy.thresholds
        changed.thresholdSource =
            "Force policy, set by \(policy.setBy) on \(InspectionJSON.dayString(of: policy.setAt)): \(policy.reason)"
        return changed
    }
}
