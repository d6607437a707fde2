import BluelampCore
import Foundation
import OpenAPIRuntime
import Vapor

/// Checks an operation's path, query and header parameters against the document before the generated code
/// decodes them, so that a bad value is a 422 naming the parameter (the generated decoder reports neither the
/// name nor the constraints: enums, ranges, lengths, date-times).
struct APIParameterValidationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let operationID = request.route?.apiOperationID, let rules = APIParameterRules.byOperation[operationID] {
            // The query is split and decoded once, not once for each of the operation's parameters.
            let query = APIParameterRules.queryItems(request.url.query)
            let errors = rules.flatMap { $0.problems(in: request, query: query) }
            if !errors.isEmpty { throw APIError.validation(errors) }
        }
        return try await next.respond(to: request)
    }
}

/// One parameter's rules, read from the document with `$ref`s resolved.
struct APIParameterRules: Sendable {
    var name: String
    var location: String
    var required: Bool
    var types: [String]
    var format: String?
    var enumValues: [String]?
    var minimum: Double?
    var maximum: Double?
    var minLength: Int?
    var maxLength: Int?

    static let byOperation: [String: [APIParameterRules]] = {
        let document = OpenAPIDocument.shipped
        var result: [String: [APIParameterRules]] = [:]
        for (_, _, operation) in document.allOperations {
            result[operation.operationId] = document.parameters(of: operation).compactMap { parameter in
                guard let name = parameter.name, let location = parameter.location, let schema = parameter.schema else {
                    return nil
                }
                let resolved = schema.refName.flatMap { document.components?.schemas?[$0] } ?? schema
                return APIParameterRules(
                    name: name, location: location, required: parameter.required ?? false, types: resolved.types,
                    format: resolved.format, enumValues: resolved.enumValues, minimum: resolved.minimum,
                    maximum: resolved.maximum,
                    minLength: resolved.minLength, maxLength: resolved.maxLength)
            }
        }
        return result
    }()

    func value(in request: Request, query: [(name: String, value: String)]) -> String? {
        switch location {
        case "path": request.parameters.get(name)
        case "header": request.headers.first(name: name)
        case "query": query.last { $0.name == name }?.value
        default: nil
        }
    }

    static func queryItems(_ query: String?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    /// What is wrong with this parameter in the request, if anything.
    /// `query` is the request's query items (`queryItems`).
    func problems(in request: Request, query: [(name: String, value: String)]) -> [(field: String, message: String)] {
        guard let value = value(in: request, query: query) else {
            return required ? [(name, "is required")] : []
        }
        if types.contains("integer") {
            guard let n = Int64(value) else { return [(name, "must be a whole number")] }
            if let minimum, Double(n) < minimum { return [(name, "must be at least \(Int64(minimum))")] }
            if let maximum, Double(n) > maximum { return [(name, "must be at most \(Int64(maximum))")] }
            return []
        }
        if types.contains("boolean") {
            return ["true", "false"].contains(value) ? [] : [(name, "must be true or false")]
        }
        if let enumValues, !enumValues.contains(value) {
            return [(name, "must be one of \(enumValues.joined(separator: ", "))")]
        }
        if let minLength, value.count < minLength { return [(name, "must be at least \(minLength) characters")] }
        if let maxLength, value.count > maxLength { return [(name, "must be at most \(maxLength) characters")] }
        if format == "date-time", Self.parseDateTime(value) == nil {
            return [(name, "must be a date and time such as 2025-01-23T09:00:00Z")]
        }
        return []
    }

    static func parseDateTime(_ text: String) -> Date? { try? APIDateTranscoder().decode(text) }
}

/// RFC 3339 date-times for the API: written without fractional seconds, read with or without them (clients and
/// schemathesis send both).
struct APIDateTranscoder: DateTranscoder {
    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, as `ISO8601DateFormatter` with `.withInternetDateTime` writes it: the time taken
    /// to the nearest millisecond, then the second rounded down. Written from whole numbers: a formatter made for each
    /// date was three fifths of a crime search's time (50 crimes, each with its dates). Years before 1900 (the
    /// formatter's calendar is Julian before 1582) or after 9999 go to the formatter.
    static func internetDateTime(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite, abs(milliseconds) < 2e14 else { return formatted(date) }
        let whole = Int((milliseconds / 1000).rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let day = CalendarDay(dayNumber: days)
        guard (1900...9999).contains(day.year) else { return formatted(date) }
        let time = whole - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day.text)T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }

    static func formatted(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    func encode(_ date: Date) throws -> String {
        Self.internetDateTime(date)
    }

    func decode(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "\(text) is not an RFC 3339 date-time"))
    }
}
