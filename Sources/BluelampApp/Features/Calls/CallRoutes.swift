import BluelampCore
import Foundation
import Vapor

/// The calls figures page (issue 18): an adapter over `CallService.figures`.
struct CallRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("calls", use: figures).requires(.viewInspection)
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
