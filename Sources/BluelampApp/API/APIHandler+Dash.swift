import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import OpenAPIRuntime
import Vapor

/// DASH risk assessments, supervisors' reviews, MARAC referrals, the BCU's safeguarding work lists and the DASH policy
/// (issue 17): adapters over `DashService`, the same use cases the safeguarding pages call. The service checks scope,
/// state and input and writes the audit entries; this file maps the document's shapes to and from Core values and the
/// form's field keys (`q3`, `q3_notes`) to the document's (`answers.q3`, `notes.q3`).
extension APIHandler {
    // MARK: - Mapping

    /// A DASH problem's field as the document names it.
    static func dashField(_ field: String) -> String {
        guard field.hasPrefix("q"), let number = Int(field.dropFirst().prefix { $0.isNumber }) else { return field }
        return field.hasSuffix("_notes") ? "notes.q\(number)" : "answers.q\(number)"
    }

    static func dashAssessment(_ assessment: DashAssessment, reference: String, bcu: BCU?, now: Date) throws
        -> Components.Schemas.DashAssessment
    {
        let marac = assessment.marac
        return .init(
            id: Int64(assessment.id), crimeId: Int64(assessment.crimeID), crimeReference: reference,
            bcu: try bcu.map { try APIValues.convert($0) }, personId: Int64(assessment.personID),
            completedAt: assessment.completedAt, completedBy: assessment.completedBy,
            policyVersion: assessment.policyVersion,
            answers: try assessment.answers.map {
                .init(question: $0.number, answer: try APIValues.convert($0.answer), notes: $0.notes)
            },
            yesCount: assessment.yesCount, scoredLevel: try APIValues.convert(assessment.scoredLevel),
            judgementLevel: try assessment.judgementLevel.map { try APIValues.convert($0) },
            judgementReason: assessment.judgementReason, level: try APIValues.convert(assessment.level),
            supervisionDueAt: assessment.supervisionDueAt, firstReviewedAt: assessment.firstReview?.reviewedAt,
            supervisionOverdue: assessment.supervisionOverdue(now: now),
            reviews: try assessment.reviews.map {
                .init(
                    reviewedAt: $0.reviewedAt, reviewer: $0.reviewer, decision: try APIValues.convert($0.decision),
                    levelBefore: try APIValues.convert($0.levelBefore), level: try APIValues.convert($0.level),
                    comments: $0.comments)
            },
            marac: .init(
                criteria: try MaracCriterion.allCases.filter(marac.criteria.contains).map { try APIValues.convert($0) },
                status: try APIValues.convert(marac.status), referredOn: marac.referredOn?.text,
                meetingOn: marac.meetingOn?.text, notes: marac.notes, updatedAt: marac.updatedAt))
    }

    static func dashCase(_ line: DashAssessmentLine, now: Date) throws -> Components.Schemas.DashCase {
        .init(
            assessment: try dashAssessment(line.assessment, reference: line.crimeReference, bcu: line.bcu, now: now),
            victim: .init(id: Int64(line.assessment.personID), name: line.personName))
    }

    /// The answers or notes keyed `q1`…`q27` as the service takes them, by question number.
    static func dashByQuestion(_ value: some Encodable) throws -> [Int: String] {
        let keyed = try JSONDecoder().decode([String: String].self, from: try JSONEncoder().encode(value))
        return Dictionary(
            uniqueKeysWithValues: keyed.compactMap { key, text in
                Int(key.dropFirst()).map { ($0, text) }
            })
    }

    static func dashPolicyRevision(
        _ current: (version: Int, policy: DashPolicy, createdBy: String, createdAt: Date?, reason: String)
    ) -> Components.Schemas.DashPolicyRevision {
        .init(
            version: current.version, mediumFrom: current.policy.mediumFrom, highFrom: current.policy.highFrom,
            supervisionHours: current.policy.supervisionHours, escalationCount: current.policy.escalationCount,
            escalationMonths: current.policy.escalationMonths, createdBy: current.createdBy,
            createdAt: current.createdAt, reason: current.reason)
    }

    // MARK: - A crime's DASH

    func getCrimeDash(_ input: Operations.GetCrimeDash.Input) async throws -> Operations.GetCrimeDash.Output {
        let req = try APIContext.current()
        let crimeID = try Self.recordID(req, input.path.id, "crime")
        let dash = try await APIError.run { try await DashService(req.service).crimeDash(crimeID) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        crimeId: Int64(dash.crimeID), reference: dash.reference,
                        bcu: try dash.bcu.map { try APIValues.convert($0) },
                        domesticAbuse: dash.flags.contains(.domestic),
                        victims: dash.victims.map { .init(id: Int64($0.personID), name: $0.name) },
                        assessments: try dash.assessments.map {
                            try Self.dashAssessment($0, reference: dash.reference, bcu: dash.bcu, now: req.now)
                        }, policyVersion: dash.policyVersion))))
    }

    func completeDashAssessment(_ input: Operations.CompleteDashAssessment.Input) async throws
        -> Operations.CompleteDashAssessment.Output
    {
        let req = try APIContext.current()
        let crimeID = try Self.recordID(req, input.path.id, "crime")
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let submission = DashService.Submission(
            personID: Int(exactly: body.personId), answers: try Self.dashByQuestion(body.answers),
            notes: try body.notes.map { try Self.dashByQuestion($0) } ?? [:],
            judgementLevel: body.judgementLevel?.rawValue ?? "",
            judgementReason: body.judgementReason ?? "", maracOnJudgement: body.maracOnJudgement ?? false)
        let service = DashService(req.service)
        let saved = try await APIError.run(field: Self.dashField) {
            let assessment = try await service.complete(crimeID, submission)
            return try await service.assessment(assessment.id)
        }
        req.apiLocation = "/api/v1/safeguarding/dash-assessments/\(saved.assessment.id)"
        return .created(
            .init(
                body: .json(
                    try Self.dashAssessment(saved.assessment, reference: saved.reference, bcu: saved.bcu, now: req.now)
                )))
    }

    // MARK: - One assessment

    func getDashAssessment(_ input: Operations.GetDashAssessment.Input) async throws
        -> Operations.GetDashAssessment.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "DASH assessment")
        let found = try await APIError.run { try await DashService(req.service).assessment(id) }
        return .ok(
            .init(
                body: .json(
                    try Self.dashAssessment(found.assessment, reference: found.reference, bcu: found.bcu, now: req.now))
            ))
    }

    /// Runs one change on an assessment and answers with the assessment as it now stands.
    private func dashStep(_ id: Int64, _ step: @escaping (DashService, Int) async throws -> DashAssessment)
        async throws -> Components.Schemas.DashAssessment
    {
        let req = try APIContext.current()
        let recordID = try Self.recordID(req, id, "DASH assessment")
        let service = DashService(req.service)
        let found = try await APIError.run {
            _ = try await step(service, recordID)
            return try await service.assessment(recordID)
        }
        return try Self.dashAssessment(found.assessment, reference: found.reference, bcu: found.bcu, now: req.now)
    }

    func reviewDashAssessment(_ input: Operations.ReviewDashAssessment.Input) async throws
        -> Operations.ReviewDashAssessment.Output
    {
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let assessment = try await dashStep(input.path.id) { service, id in
            try await service.review(
                id, decision: body.decision.rawValue, level: body.level?.rawValue ?? "", comments: body.comments ?? "")
        }
        return .ok(.init(body: .json(assessment)))
    }

    func updateMaracReferral(_ input: Operations.UpdateMaracReferral.Input) async throws
        -> Operations.UpdateMaracReferral.Output
    {
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let assessment = try await dashStep(input.path.id) { service, id in
            try await service.updateMarac(
                id, status: body.status.rawValue, referredOn: body.referredOn ?? "", meetingOn: body.meetingOn ?? "",
                notes: body.notes ?? "")
        }
        return .ok(.init(body: .json(assessment)))
    }

    // MARK: - The BCU's work lists

    func listDashWork(_ input: Operations.ListDashWork.Input) async throws -> Operations.ListDashWork.Output {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let bcu = APIValues.bcu(query.bcu)
        let work = try await APIError.run { try await DashService(req.service).work(bcu: bcu) }
        let kind = query.list ?? .highRisk
        let lines =
            switch kind {
            case .highRisk: work.highRisk
            case .overdueReviews: work.overdue
            case .maracDue: work.maracDue
            }
        let page = try APIPaging.page(
            of: lines, cursor: query.cursor, limit: limit, list: "dash-\(kind.rawValue)",
            key: { String($0.assessment.id) })
        return .ok(
            .init(
                body: .json(
                    .init(
                        bcu: query.bcu, list: kind, items: try page.items.map { try Self.dashCase($0, now: req.now) },
                        total: lines.count, nextCursor: page.next))))
    }

    func listDashCoverage(_ input: Operations.ListDashCoverage.Input) async throws
        -> Operations.ListDashCoverage.Output
    {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let bcu = APIValues.bcu(query.bcu)
        let missing = try await APIError.run { try await DashService(req.service).work(bcu: bcu) }.missing
        let page = try APIPaging.page(
            of: missing, cursor: query.cursor, limit: limit, list: "dash-coverage", key: { String($0.crimeID) })
        return .ok(
            .init(
                body: .json(
                    .init(
                        bcu: query.bcu,
                        items: try page.items.map {
                            .init(
                                crimeId: Int64($0.crimeID), reference: $0.reference,
                                recordedAs: Self.recordedAs($0.recordingDecision),
                                bcu: try $0.bcu.map { try APIValues.convert($0) }, team: $0.team,
                                reportedAt: $0.reportedAt, ageDays: $0.ageDays(now: req.now))
                        }, total: missing.count, nextCursor: page.next))))
    }

    // MARK: - Finding a person

    func searchPeople(_ input: Operations.SearchPeople.Input) async throws -> Operations.SearchPeople.Output {
        let req = try APIContext.current()
        let query = input.query
        let found = try await APIError.run {
            try await PersonSearchService(req.service).search(
                familyName: query.familyName, givenName: query.givenName ?? "",
                dateOfBirth: query.dateOfBirth ?? "")
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: found.people.map {
                            .init(
                                personId: Int64($0.personID), givenName: $0.givenName, familyName: $0.familyName,
                                dateOfBirth: $0.dateOfBirth?.text)
                        }, more: found.more))))
    }

    // MARK: - The DASH policy

    func getDashPolicy(_ input: Operations.GetDashPolicy.Input) async throws -> Operations.GetDashPolicy.Output {
        let req = try APIContext.current()
        let body = Self.dashPolicyRevision(try await APIError.run { try await DashService(req.service).policy() })
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func updateDashPolicy(_ input: Operations.UpdateDashPolicy.Input) async throws
        -> Operations.UpdateDashPolicy.Output
    {
        let req = try APIContext.current()
        let service = DashService(req.service)
        // The page takes whatever version is in force; here If-Match names the version edited, checked before the
        // body is read and again inside the change's transaction. A version never changes once saved, so the
        // version's number stands for its ETag there.
        let ifMatch = req.ifMatch
        let read = try await APIError.run { try await service.policy() }
        try APIPreconditions.require(ifMatch, current: APIPreconditions.etag(of: Self.dashPolicyRevision(read)))
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        _ = try await APIError.run {
            try await service.changePolicy(
                mediumFrom: String(body.mediumFrom), highFrom: String(body.highFrom),
                supervisionHours: String(body.supervisionHours), escalationCount: String(body.escalationCount),
                escalationMonths: String(body.escalationMonths), reason: body.reason,
                stillCurrent: APIPreconditions.stillVersion(read.version, ifMatch: ifMatch))
        }
        let revision = Self.dashPolicyRevision(try await APIError.run { try await service.policy() })
        req.apiETag = APIPreconditions.etag(of: revision)
        return .ok(.init(body: .json(revision)))
    }

    /// A report's recording decision as the coverage list names it.
    static func recordedAs(_ decision: RecordingDecisionKind?)
        -> Components.Schemas.DashCoverageCrime.RecordedAsPayload
    {
        switch decision {
        case .crime?: .crime
        case .incident?: .incident
        case .noCrime?: .noCrime
        case nil: .awaitingDecision
        }
    }
}
