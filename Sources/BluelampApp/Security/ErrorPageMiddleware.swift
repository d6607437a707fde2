import BluelampCore
import BluelampPersistence
import Vapor

/// Turns every error into a page a person can read (or an RFC 9457 problem for the API), never a stack trace.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        let status: HTTPResponseStatus
        let reason: String
        var headers = HTTPHeaders()
        if let abort = error as? any AbortError {
            status = abort.status
            reason = abort.reason
            headers = abort.headers
        } else if DatabaseSetup.isStorageFull(error) {
            // Nothing was written (the transaction rolled back); reads go on. The operators need to know at once.
            status = .insufficientStorage
            reason =
                "The database's disk is full, so nothing was saved. Tell the system administrator; once space is "
                + "freed, send it again."
            request.logger.critical("database disk full: a write was refused")
        } else {
            status = .internalServerError
            reason = "Something went wrong on our side. Nothing you entered was lost; try again in a moment."
            request.logger.report(error: error)
        }
        if status == .internalServerError {
            request.logger.error("request failed", metadata: ["status": "500"])
        }
        let response: Response
        if request.wantsAPIResponse {
            response = Problem.response(status: status, kind: Problem.kind(for: status), detail: reason)
        } else {
            let page = ErrorPage(model: .init(status: Int(status.code), title: status.reasonPhrase, detail: reason))
            response = Layout.response(page.render(), title: status.reasonPhrase, request: request, status: status)
        }
        for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length"
        {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}

/// RFC 9457 problem details. The `type` is `about:blank`, so (RFC 9457 §4.2.1) the `title` is the status phrase
/// and the status code says what kind of problem it is; `kind` (an extension member, §3.2) names it in a word that
/// never changes. (Issue 21: the types were URIs on bluelamp.police.uk, a domain the project does not control.)
enum Problem {
    static let type = "about:blank"

    static func kind(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "bad-request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not-found"
        case 408: "request-timeout"
        case 409: "conflict"
        case 412: "precondition-failed"
        case 413: "payload-too-large"
        case 414: "uri-too-long"
        case 422: "validation"
        case 429: "rate-limited"
        case 431: "header-fields-too-large"
        case 507: "insufficient-storage"
        default: status.code >= 500 ? "server-error" : "error"
        }
    }

    struct Body: Content {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var kind: String
        var errors: [FieldError]?
    }

    struct FieldError: Content {
        var field: String
        var message: String
    }

    static func response(status: HTTPResponseStatus, kind: String, detail: String, errors: [FieldError]? = nil)
        -> Response
    {
        let body = Body(
            type: type, title: status.reasonPhrase, status: Int(status.code), detail: detail, kind: kind, errors: errors
        )
        let response = Response(status: status)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        response.body = .init(data: (try? encoder.encode(body)) ?? Data())
        response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
        return response
    }
}
