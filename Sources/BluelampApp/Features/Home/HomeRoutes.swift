import BluelampCore
import BluelampPersistence
import Vapor

struct HomeRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home).requires(.viewHome)
        routes.get("maps", "london.svg", use: londonMap).requires(.viewHome)
        routes.get("search", use: search).requires(.viewHome)
    }

    /// The search box's results: crimes by reference, registered offenders, people, as the person's roles allow.
    @Sendable func search(_ req: Request) async throws -> Response {
        let text = (try? req.query.get(String.self, at: "q")) ?? ""
        let results = try await GlobalSearchService(req.service).search(text)
        return Layout.response(GlobalSearchPage(results: results).render(), title: "Search", request: req)
    }

    /// The locators' base map: the same for everyone and every page, so the browser keeps it for a day.
    @Sendable func londonMap(_ req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=86400")
        return Response(status: .ok, headers: headers, body: .init(string: LondonMap.baseMap))
    }

    @Sendable func home(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let size = try await OrganisationService(req.service).size()
        var model = HomePage.Model(
            displayName: principal.displayName, grants: principal.grants, tasks: HomePage.tasks(for: principal),
            officers: size.officers, teams: size.teams)
        model.inbox = try await HomeService(req.service, inspection: InspectionService.forRequest(req)).inbox()
        model.findingReminders = try await HomePage.findingReminders(userID: principal.userID, on: req.db, now: req.now)
        return Layout.response(HomePage(model: model).render(), title: "Home", request: req)
    }
}
