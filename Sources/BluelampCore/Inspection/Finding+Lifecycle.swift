import Foundation

/// A finding rule that a change or a set of findings breaks.
public enum FindingRuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status path does not allow this move (see `FindingStatus.allowedNext`).
    case transitionNotAllowed(findingID: String, from: FindingStatus, to: FindingStatus)
    /// Every status change records who made it.
    case changeWithoutWho(findingID: String)
    /// Every status change records why.
    case changeWithoutReason(findingID: String)
    /// A status change dated before the finding's last recorded change.
    case changeBeforeLastChange(findingID: String)
    /// A cause of concern cannot close while any of its recommendations is unresolved.
    case causeOfConcernHasOpenRecommendations(causeOfConcernID: String, recommendationIDs: [String])
    /// A cause of concern always comes with one or more recommendations.
    case causeOfConcernWithoutRecommendations(causeOfConcernID: String)
    /// A recommendation names a cause of concern that is not among the findings.
    case unknownCauseOfConcern(recommendationID: String, causeOfConcernID: String)
    /// Only a recommendation can be linked to a cause of concern.
    case linkOnWrongKind(findingID: String, kind: FindingKind)
    case duplicateFindingID(String)
    case emptyText(findingID: String)

    public var description: String {
        switch self {
        case .transitionNotAllowed(let id, let from, let to):
            let allowed = from.allowedNext.map(\.label).joined(separator: ", ")
            return "\(id): cannot go from \(from.label) to \(to.label)"
                + (allowed.isEmpty ? " (\(from.label) is final)" : " (allowed: \(allowed))")
        case .changeWithoutWho(let id): return "\(id): a status change must say who made it"
        case .changeWithoutReason(let id): return "\(id): a status change must say why"
        case .changeBeforeLastChange(let id): return "\(id): a status change cannot be dated before the last one"
        case .causeOfConcernHasOpenRecommendations(let id, let open):
            return "\(id): a cause of concern cannot close while its recommendations "
                + "\(open.joined(separator: ", ")) are not closed or superseded"
        case .causeOfConcernWithoutRecommendations(let id):
            return "\(id): a cause of concern must have at least one recommendation"
        case .unknownCauseOfConcern(let rec, let coc):
            return "\(rec): linked to cause of concern \(coc), which is not among the findings"
        case .linkOnWrongKind(let id, let kind):
            return "\(id): only a recommendation can be linked to a cause of concern, not a \(kind.label.lowercased())"
        case .duplicateFindingID(let id): return "\(id): two findings share this id"
        case .emptyText(let id): return "\(id): a finding must have text"
        }
    }
}

extension Finding {
    /// The finding moved to `status`, with the change recorded in its history.
    ///
    /// - Parameters:
    ///   - by: who makes the change; must not be blank.
    ///   - reason: why; must not be blank.
    ///   - at: when (passed in: Core reads no clock); not before the last recorded change.
    ///   - recommendations: the findings that may be this cause of concern's recommendations (the
    ///     whole inspection's findings will do; only those linked to this finding count). Ignored
    ///     for other kinds.
    /// - Throws: `FindingRuleViolation` when the move is not on the status path, who or why is
    ///   missing, or a cause of concern would close while any of its recommendations is still
    ///   open, in progress or awaiting evidence review.
    public func changingStatus(
        to status: FindingStatus, by: String, reason: String, at: Date, recommendations: [Finding] = []
    ) throws(FindingRuleViolation) -> Finding {
        guard self.status.canChange(to: status) else {
            throw .transitionNotAllowed(findingID: id, from: self.status, to: status)
        }
        let who = by.trimmingCharacters(in: .whitespacesAndNewlines)
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !who.isEmpty else { throw .changeWithoutWho(findingID: id) }
        guard !why.isEmpty else { throw .changeWithoutReason(findingID: id) }
        if let last = history.last, at < last.at { throw .changeBeforeLastChange(findingID: id) }
        if kind == .causeOfConcern, status == .closed {
            let open =
                recommendations
                .filter { $0.kind == .recommendation && $0.causeOfConcernID == id && !$0.status.isResolved }
                .map(\.id)
            guard open.isEmpty else {
                throw .causeOfConcernHasOpenRecommendations(causeOfConcernID: id, recommendationIDs: open)
            }
        }
        var changed = self
        changed.history.append(FindingStatusChange(from: self.status, to: status, by: who, reason: why, at: at))
        changed.status = status
        return changed
    }

    /// Changes the status in place; see `changingStatus(to:by:reason:at:recommendations:)`.
    public mutating func changeStatus(
        to status: FindingStatus, by: String, reason: String, at: Date, recommendations: [Finding] = []
    ) throws(FindingRuleViolation) {
        self = try changingStatus(to: status, by: by, reason: reason, at: at, recommendations: recommendations)
    }
}

/// Rules that hold across one inspection's findings.
public enum FindingRules {
    /// Everything wrong with a set of findings (one inspection's): duplicate ids, empty text,
    /// a cause of concern without recommendations, a link to a missing cause of concern or from
    /// a finding that is not a recommendation, and a closed cause of concern whose recommendations
    /// are not all closed or superseded. Empty when the set is consistent.
    public static func violations(in findings: [Finding]) -> [FindingRuleViolation] {
        var violations: [FindingRuleViolation] = []
        var seen: Set<String> = []
        for finding in findings {
            if !seen.insert(finding.id).inserted { violations.append(.duplicateFindingID(finding.id)) }
            if finding.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                violations.append(.emptyText(findingID: finding.id))
            }
        }
        let causes = findings.filter { $0.kind == .causeOfConcern }
        let causeIDs = Set(causes.map(\.id))
        for finding in findings {
            guard let link = finding.causeOfConcernID else { continue }
            if finding.kind != .recommendation {
                violations.append(.linkOnWrongKind(findingID: finding.id, kind: finding.kind))
            } else if !causeIDs.contains(link) {
                violations.append(.unknownCauseOfConcern(recommendationID: finding.id, causeOfConcernID: link))
            }
        }
        for cause in causes {
            let recommendations = recommendations(for: cause.id, in: findings)
            if recommendations.isEmpty {
                violations.append(.causeOfConcernWithoutRecommendations(causeOfConcernID: cause.id))
            }
            let open = recommendations.filter { !$0.status.isResolved }.map(\.id)
            if cause.status == .closed, !open.isEmpty {
                violations.append(
                    .causeOfConcernHasOpenRecommendations(causeOfConcernID: cause.id, recommendationIDs: open))
            }
        }
        return violations
    }

    /// The recommendations made under a cause of concern, in report order.
    public static func recommendations(for causeOfConcernID: String, in findings: [Finding]) -> [Finding] {
        findings.filter { $0.kind == .recommendation && $0.causeOfConcernID == causeOfConcernID }
    }
}
