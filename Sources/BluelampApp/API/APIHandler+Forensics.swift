import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import OpenAPIRuntime
import Vapor

/// The digital forensics unit (issue 18): adapters over `ForensicsService`, the same use cases the pages call. The
/// service checks scope and input, forecasts the queue and writes the audit entries; a handler maps the document's
/// types to Core values and back.
extension APIHandler {
    // MARK: - The queue

    func getForensicsQueue(_ input: Operations.GetForensicsQueue.Input) async throws
        -> Operations.GetForensicsQueue.Output
    {
        let req = try APIContext.current()
        let whatIf = ForensicsService.WhatIf(
            slots: input.query.slots.map(String.init), start: input.query.start, end: input.query.end,
            days: input.query.days?.rawValue)
        let queue = try await APIError.run { try await ForensicsService(req.service).queue(asking: whatIf) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        policyVersion: queue.version.version, current: try Self.forensicsForecast(queue.current),
                        whatIf: try queue.whatIf.map(Self.forensicsForecast)))))
    }

    // MARK: - A crime's devices

    func listCrimeForensicsDevices(_ input: Operations.ListCrimeForensicsDevices.Input) async throws
        -> Operations.ListCrimeForensicsDevices.Output
    {
        let req = try APIContext.current()
        let crimeID = try Self.recordID(req, input.path.id, "crime")
        let result = try await APIError.run { try await ForensicsService(req.service).places(crimeID: crimeID) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        crimeId: Int64(crimeID), bcu: try result.bcu.map { try APIValues.convert($0) },
                        items: try result.places.map(Self.forensicsDevice)))))
    }

    func submitForensicsDevice(_ input: Operations.SubmitForensicsDevice.Input) async throws
        -> Operations.SubmitForensicsDevice.Output
    {
        let req = try APIContext.current()
        let crimeID = try Self.recordID(req, input.path.id, "crime")
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = ForensicsService(req.service)
        let place = try await APIError.run {
            let id = try await service.submit(
                crimeID: crimeID,
                draft: ForensicsSubmissionDraft(
                    deviceType: body.deviceType, reason: body.reason, riskToChildren: body.riskToChildren,
                    priority: body.priority))
            return try await service.places(crimeID: crimeID).places.first { $0.submission.id == id }
        }
        guard let place else { throw APIError.notFound("The device submitted cannot be found.") }
        return .created(.init(body: .json(try Self.forensicsDevice(place))))
    }

    // MARK: - The capacity policy

    func getForensicsPolicy(_ input: Operations.GetForensicsPolicy.Input) async throws
        -> Operations.GetForensicsPolicy.Output
    {
        let req = try APIContext.current()
        let body = Self.forensicsRevision(try await APIError.run { try await ForensicsService(req.service).policy() })
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func updateForensicsPolicy(_ input: Operations.UpdateForensicsPolicy.Input) async throws
        -> Operations.UpdateForensicsPolicy.Output
    {
        let req = try APIContext.current()
        let service = ForensicsService(req.service)
        // If-Match names the version edited: checked before the body is read and again inside the change's
        // transaction, so two changes made from the same version cannot both be saved.
        let ifMatch = req.ifMatch
        let read = try await APIError.run { try await service.policy() }
        try APIPreconditions.require(ifMatch, current: APIPreconditions.etag(of: Self.forensicsRevision(read)))
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        // The body's policy is POLICY.json's shape, so the file's reader checks it: one set of rules for the file,
        // the page and the API.
        let json = try JSONEncoder().encode(body.policy)
        let policy: ForensicsCapacityPolicy
        do {
            policy = try ForensicsForecastFile.policy(json)
        } catch {
            throw APIError.validation(error.problems.map { ("policy." + ($0.field ?? "body"), $0.reason) })
        }
        _ = try await APIError.run(field: { $0 == "reason" ? $0 : "policy.\($0)" }) {
            try await service.setPolicy(
                policy, reason: body.reason,
                stillCurrent: APIPreconditions.stillVersion(read.version, ifMatch: ifMatch))
        }
        let revision = Self.forensicsRevision(try await APIError.run { try await service.policy() })
        req.apiETag = APIPreconditions.etag(of: revision)
        return .ok(.init(body: .json(revision)))
    }

    // MARK: - Mapping

    static func forensicsPolicy(_ policy: ForensicsCapacityPolicy) -> Components.Schemas.ForensicsCapacityPolicy {
        .init(
            slots: policy.slots, hoursByType: .init(additionalProperties: policy.hoursByType),
            workingHours: .init(
                start: ForensicsWorkingHours.clockText(policy.workingHours.startMinute),
                end: ForensicsWorkingHours.clockText(policy.workingHours.endMinute),
                days: policy.workingHours.days.sorted().compactMap { .init(rawValue: $0.abbreviation) }),
            bankHolidays: policy.bankHolidaysOff)
    }

    static func forensicsRevision(_ version: ForensicsService.PolicyVersion)
        -> Components.Schemas.ForensicsPolicyRevision
    {
        .init(
            version: version.version, policy: forensicsPolicy(version.policy), createdAt: version.createdAt,
            createdBy: version.createdBy, reason: version.reason)
    }

    static func forensicsDevice(_ place: ForensicsService.Place) throws -> Components.Schemas.ForensicsDevice {
        let device = place.submission
        return .init(
            id: Int64(device.id), crimeId: Int64(device.crimeID), crimeReference: device.crimeReference,
            bcu: try device.bcu.map { try APIValues.convert($0) }, deviceType: device.deviceType, reason: device.reason,
            riskToChildren: device.riskToChildren, priority: device.priority, requestedBy: device.requestedBy,
            submittedAt: device.submittedAt, startedAt: device.startedAt, finishedAt: device.finishedAt,
            position: place.position, slot: place.slot,
            expectedStart: device.startedAt == nil ? place.start : nil,
            expectedFinish: device.finishedAt == nil ? place.finish : nil)
    }

    static func forensicsForecast(_ forecast: ForensicsService.Forecast) throws -> Components.Schemas.ForensicsForecast
    {
        .init(
            policy: forensicsPolicy(forecast.policy), unitDevices: forecast.unitDevices,
            lastFinish: forecast.lastFinish, devices: try forecast.places.map(forensicsDevice))
    }
}
