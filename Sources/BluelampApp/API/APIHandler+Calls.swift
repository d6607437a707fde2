import BluelampAPI
import BluelampCore
import Foundation
import OpenAPIRuntime
import Vapor

/// Calls from the public (issue 18): an adapter over `CallService.figures`, the use case the `/calls` page calls.
/// The service reads the period, checks the BCU against the caller's scope and computes the figures; the handler only
/// lays them out as the document says.
extension APIHandler {
    func getCallFigures(_ input: Operations.GetCallFigures.Input) async throws -> Operations.GetCallFigures.Output {
        let req = try APIContext.current()
        let result = try await APIError.run {
            try await CallService(req.service).figures(
                from: input.query.from, to: input.query.to, bcu: input.query.bcu?.rawValue)
        }
        let figures = result.figures
        func percent(_ share: CallShare) -> Double? { share.rate.map { $0 * 100 } }
        func share(_ share: CallShare) -> Components.Schemas.CallShare {
            .init(met: share.met, of: share.of, percent: percent(share))
        }
        let standards = result.standards
        let body = Components.Schemas.CallFigures(
            from: result.from.text, to: result.to.text, bcu: try result.bcu.map { try APIValues.convert($0) },
            bcus: try result.bcus.map { try APIValues.convert($0) },
            standards: .init(
                emergencyAnswerSeconds: standards.emergencyAnswerSeconds,
                emergencyTargetPercent: standards.emergencyAnswerTarget * 100,
                immediateAttendMinutes: standards.immediateAttendMinutes,
                significantAttendMinutes: standards.significantAttendMinutes),
            calls: figures.calls, emergencyWithinStandard: share(figures.emergencyWithinStandard),
            emergencyByHour: figures.emergencyByHour.sorted { $0.key < $1.key }.map {
                .init(hour: $0.key, met: $0.value.met, of: $0.value.of, percent: percent($0.value))
            },
            emergencyByDay: figures.emergencyByDay.sorted { $0.key < $1.key }.map {
                .init(day: $0.key.text, met: $0.value.met, of: $0.value.of, percent: percent($0.value))
            },
            emergencyByMonth: figures.emergencyByMonth.sorted { $0.key < $1.key }.map {
                .init(month: $0.key, met: $0.value.met, of: $0.value.of, percent: percent($0.value))
            },
            emergencyByBcu: try BCU.allCases.compactMap { bcu -> Components.Schemas.CallShareByBCU? in
                guard let value = figures.emergencyByBCU[bcu] else { return nil }
                return .init(bcu: try APIValues.convert(bcu), met: value.met, of: value.of, percent: percent(value))
            },
            emergencyMedianSeconds: figures.emergencyMedianSeconds, emergencyP90Seconds: figures.emergencyP90Seconds,
            nonEmergencyMedianSeconds: figures.nonEmergencyMedianSeconds,
            nonEmergencyP90Seconds: figures.nonEmergencyP90Seconds,
            nonEmergencyAbandoned: share(figures.nonEmergencyAbandoned),
            immediateAttended: share(figures.immediateAttended),
            significantAttended: share(figures.significantAttended))
        return .ok(.init(body: .json(body)))
    }
}
