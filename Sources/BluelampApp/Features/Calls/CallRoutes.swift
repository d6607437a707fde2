import BluelampCore
import Foundation
import Vapor

/// The calls figures page and linking a call to a crime (issue 18): adapters over `CallService`.
struct CallRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("calls", use: figures).requires(.viewInspection)
        routes.post("crimes", ":id", "calls", use: link).requires(.recordCrimes)
    }

    struct LinkForm: Content {
        var call_id: String?
    }

    /// Links a call to the crime from the crime's page; refused, the crime's page again with the problem.
    @Sendable func link(_ req: Request) async throws -> Response {
        guard let crimeID = req.parameters.get("id", as: Int.self), crimeID > 0 else {
            throw Abort(.notFound, reason: "There is no such record.")
        }
        let form = (try? req.content.decode(LinkForm.self)) ?? LinkForm()
        return try await submit(
            req, refused: { try await CrimeRoutes().showPage(req, id: crimeID, notice: nil, errors: $0) }
        ) {
            try await CallService(req.service).link(callID: form.call_id ?? "", crimeID: crimeID)
            return Paths.crime(crimeID, notice: "call-linked")
        }
    }

    @Sendable func figures(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let from = try? req.query.get(String.self, at: "from")
        let to = try? req.query.get(String.self, at: "to")
        let bcu = try? req.query.get(String.self, at: "bcu")
        let choices = BCU.territorial.filter { principal.can(.viewInspection, in: $0) }
        var model = CallFiguresPage.Model(
            result: nil, from: from ?? "", to: to ?? "", bcu: bcu ?? "", choices: choices)
        var status = HTTPResponseStatus.ok
        do {
            let result = try await CallService(req.service).figures(from: from, to: to, bcu: bcu)
            model.result = result
            model.from = result.from.text
            model.to = result.to.text
        } catch ServiceError.invalid(let problems) {
            model.errors = problems.errors.map { "\($0.label): \($0.message)" }
            status = .unprocessableEntity
        } catch let error as ServiceError {
            throw error.abort
        }
        return Layout.response(
            CallFiguresPage(model: model).render(), title: "Calls from the public", request: req, status: status)
    }
}
