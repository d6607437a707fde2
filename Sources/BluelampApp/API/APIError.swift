import Foundation
import OpenAPIRuntime
import Vapor

/// An API error with a stable problem `type` (RFC 9457). Handlers throw these; `APIProblemMiddleware`
/// writes them as `application/problem+json`.
struct APIError: Error, AbortError, Sendable {
    var status: HTTPResponseStatus
    /// The stable kind, sent as the problem's `kind` member.
    var kind: String
    var detail: String
    var fieldErrors: [Problem.FieldError] = []
    var headers: HTTPHeaders = [:]

    var reason: String { detail }

    static func validation(_ errors: [(field: String, message: String)]) -> APIError {
        let summary = errors.map { "\($0.field): \($0.message)" }.joined(separator: " ")
        return APIError(
            status: .unprocessableEntity, kind: "validation", detail: summary,
            fieldErrors: errors.map { Problem.FieldError(field: $0.field, message: $0.message) })
    }

    static func validation(field: String, _ message: String) -> APIError { validation([(field, message)]) }

    static func badRequest(field: String, _ message: String) -> APIError {
        APIError(
            status: .badRequest, kind: "bad-request", detail: "\(field): \(message)",
            fieldErrors: [Problem.FieldError(field: field, message: message)])
    }

    static func notFound(_ detail: String) -> APIError {
        APIError(status: .notFound, kind: "not-found", detail: detail)
    }
    static func forbidden(_ detail: String) -> APIError {
        APIError(status: .forbidden, kind: "forbidden", detail: detail)
    }
    static func conflict(_ detail: String) -> APIError { APIError(status: .conflict, kind: "conflict", detail: detail) }

    static let preconditionRequired = APIError(
        status: .preconditionRequired, kind: "precondition-required",
        detail: "Send If-Match with the ETag of the record as you last read it.",
        fieldErrors: [Problem.FieldError(field: "If-Match", message: "is required for an update")])

    static let preconditionFailed = APIError(
        status: .preconditionFailed, kind: "precondition-failed",
        detail: "The record has changed since you read it. Read it again and reapply your change.")

    static func rateLimited(retryAfter seconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests, kind: "rate-limited",
            detail: "Too many requests for this token. Try again in \(seconds) s.",
            headers: ["Retry-After": String(seconds)])
    }
}

/// Turns every error under /api/v1 into problem details: ours, Vapor's `Abort`, and the generated server's
/// `ServerError` (a request the document does not allow: a wrong type, an unknown enum value, a missing body).
/// Only an unexpected error is a 500, and it is logged.
struct APIProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    static func kind(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 406: "not-acceptable"
        case 415: "unsupported-media-type"
        case 428: "precondition-required"
        default: Problem.kind(for: status)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        var underlying: any Error = error
        var serverError: ServerError?
        if let wrapped = error as? ServerError {
            serverError = wrapped
            underlying = wrapped.underlyingError
        }
        let problem: APIError
        switch underlying {
        case let apiError as APIError:
            problem = apiError
        case let decoding as DecodingError:
            // Before AbortError: Vapor makes DecodingError an AbortError (a bare 400) and we can name the field.
            let (field, message) = describe(decoding)
            if case .dataCorrupted(let context) = decoding, context.codingPath.isEmpty {
                problem = .badRequest(field: field, message)  // not JSON at all
            } else {
                problem = .validation(field: field, message)
            }
        case let abort as any AbortError:
            problem = APIError(
                status: abort.status, kind: kind(for: abort.status), detail: abort.reason, headers: abort.headers)
        default:
            if let serverError, (400..<500).contains(serverError.httpStatus.code) {
                let status = HTTPResponseStatus(statusCode: serverError.httpStatus.code)
                problem = APIError(status: status, kind: kind(for: status), detail: serverError.causeDescription)
            } else {
                request.logger.error(
                    "API operation failed",
                    metadata: [
                        "operation": "\(serverError?.operationID ?? "-")",
                        "error": "\(String(reflecting: type(of: underlying)))",
                    ])
                problem = APIError(
                    status: .internalServerError, kind: "server-error",
                    detail: "Something went wrong on our side. Nothing was changed by half; try again in a moment.")
            }
        }
        let response = Problem.response(
            status: problem.status, kind: problem.kind, detail: problem.detail,
            errors: problem.fieldErrors.isEmpty ? nil : problem.fieldErrors)
        for (name, value) in problem.headers
        where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    /// The field a decoding error is about (a JSON path or a parameter name) and what is wrong with it.
    static func describe(_ error: DecodingError) -> (field: String, message: String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            let keys = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.filter { !$0.isEmpty }
            return keys.isEmpty ? "body" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context):
            return (path(context.codingPath), "must not be null")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "is not a valid \(typeName(type))")
        case .dataCorrupted(let context):
            if context.debugDescription.hasPrefix("Additional properties are disabled") {
                return (path(context.codingPath), "is not a field this request takes")
            }
            if context.codingPath.isEmpty { return ("body", "is not valid JSON") }
            return (
                path(context.codingPath), context.debugDescription.isEmpty ? "is not valid" : context.debugDescription
            )
        @unknown default:
            return ("body", "is not valid")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Int") { return "integer" }
        if name.hasPrefix("Bool") { return "boolean" }
        if name.hasPrefix("String") { return "string" }
        if name.hasPrefix("Double") || name.hasPrefix("Float") { return "number" }
        if name.hasPrefix("Dictionary") { return "object" }
        if name.hasPrefix("Array") { return "array" }
        return "value"
    }
}

extension APIError {
    /// The API's answer to a use case's refusal: 404, 403, 409, or 422 with each problem at its field, the field
    /// named as the document spells it (`spell` maps a core field key where the two differ).
    init(_ error: ServiceError, spell: (String) -> String = { $0 }) {
        switch error {
        case .notFound(let text), .outOfScope(let text): self = .notFound(text)
        case .forbidden(let text): self = .forbidden(text)
        case .conflict(let text): self = .conflict(text)
        case .invalid(let problems): self = .validation(problems.errors.map { (spell($0.field), $0.message) })
        }
    }

    /// Runs a use case, turning its refusal into the API's answer.
    static func run<T>(field spell: (String) -> String = { $0 }, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as ServiceError {
            throw APIError(error, spell: spell)
        }
    }
}
