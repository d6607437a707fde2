import Foundation
import Plot
import Vapor

/// A date on a page is asked for as three boxes, day, month and year (and a fourth for the time when a moment is
/// asked for), in the manner of the GOV.UK Design System's date input: a browser's own date picker shows
/// "mm/dd/yyyy" wherever its locale is American, and reads back nothing a person can correct.
///
/// The boxes are named `<field>-day`, `<field>-month`, `<field>-year` and `<field>-time`. Forms and queries are
/// decoded through `DatePartsDecoder`, which joins them into the one `<field>` every handler and rule reads: a day as
/// `YYYY-MM-DD`, a moment as `YYYY-MM-DDTHH:MM`. What cannot be a date is passed on as typed (`2026-13-45`), so the
/// rule that reads the field refuses it by that field, as it refuses a date typed in one box through the API.
enum DateInput {
    static let dayPart = "-day"
    static let monthPart = "-month"
    static let yearPart = "-year"
    static let timePart = "-time"

    // MARK: - Reading

    /// `query` (URL-encoded pairs) with each field's date boxes joined into the field. Pairs without date boxes are
    /// kept exactly as given, in their order; a field given both ways takes its boxes.
    static func join(_ query: String) -> String {
        guard query.contains("-day=") || query.contains("-time=") else { return query }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        var groups: [String: [String: String]] = [:]
        var order: [String] = []
        for (rawName, rawValue) in pairs {
            let name = decode(rawName)
            for part in [dayPart, monthPart, yearPart, timePart] where name.hasSuffix(part) {
                let field = String(name.dropLast(part.count))
                if groups[field] == nil {
                    groups[field] = [:]
                    order.append(field)
                }
                groups[field]?[part] = decode(rawValue)
            }
        }
        guard !order.isEmpty else { return query }
        let taken = Set(order.flatMap { [$0] + [dayPart, monthPart, yearPart, timePart].map($0.appending) })
        var kept = pairs.filter { !taken.contains(decode($0.0)) }.map { "\($0.0)=\($0.1)" }
        for field in order {
            let parts = groups[field] ?? [:]
            let value = joined(
                day: parts[dayPart] ?? "", month: parts[monthPart] ?? "", year: parts[yearPart] ?? "",
                time: parts[timePart])
            kept.append("\(encode(field))=\(encode(value))")
        }
        return kept.joined(separator: "&")
    }

    /// One field's boxes as the field's value: `YYYY-MM-DD`, with `THH:MM` when a time is given; empty when every box
    /// is; what was typed, in that order, when it is no date.
    static func joined(day: String, month: String, year: String, time: String?) -> String {
        let (d, m, y) = (trim(day), trim(month), trim(year))
        let t = time.map(trim) ?? ""
        if d.isEmpty && m.isEmpty && y.isEmpty && t.isEmpty { return "" }
        var date = "\(y)-\(m)-\(d)"
        if let dayNumber = Int(d), d.count <= 2, let monthNumber = monthNumber(m), let yearNumber = Int(y),
            y.count == 4
        {
            date = String(format: "%04d-%02d-%02d", yearNumber, monthNumber, dayNumber)
        }
        guard time != nil, !t.isEmpty else { return date }
        return date + "T" + clock(t)
    }

    /// "9:05", "09.05" or "0905" as "09:05"; anything else as typed.
    static func clock(_ text: String) -> String {
        let digits = text.replacingOccurrences(of: ".", with: ":")
        let parts = digits.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), parts[0].count <= 2, parts[1].count == 2 {
            return String(format: "%02d:%02d", h, m)
        }
        if parts.count == 1, text.count == 4, let hm = Int(text), text.allSatisfy(\.isNumber) {
            return String(format: "%02d:%02d", hm / 100, hm % 100)
        }
        return text
    }

    /// A month as a number: "3", "03", "Mar" or "March".
    static func monthNumber(_ text: String) -> Int? {
        if let number = Int(text), text.count <= 2 { return number }
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        let lower = text.lowercased()
        guard lower.count >= 3 else { return nil }
        return names.firstIndex { $0.hasPrefix(lower) }.map { $0 + 1 }
    }

    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    private static func trim(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    // MARK: - Showing

    /// The boxes' values for a field's value (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, or what was typed and refused).
    static func split(_ value: String) -> (day: String, month: String, year: String, time: String) {
        let halves = value.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let date = halves.first ?? ""
        let time = halves.count > 1 ? halves[1] : ""
        let parts = date.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return ("", "", "", time) }
        // A day and a month are shown as a person writes them: 3, not 03.
        func plain(_ text: String) -> String { Int(text).map(String.init) ?? text }
        return (plain(parts[2]), plain(parts[1]), parts[0], time)
    }

    /// The boxes themselves, each labelled. The day box carries `id` so that an error summary's link to the field
    /// lands in it.
    static func boxes(
        name: String, id: String, value: String, withTime: Bool, required: Bool, describedBy: String?,
        invalid: Bool
    ) -> PageContent {
        let parts = split(value)
        func box(_ part: String, _ label: String, _ value: String, width: String, mode: String) -> PageContent {
            let boxID = part == dayPart ? id : id + part
            var attributes: [Attribute<HTML.InputContext>] = [
                .type(.text), .name(name + part), .id(boxID), .value(value),
                .attribute(named: "inputmode", value: mode), .attribute(named: "autocomplete", value: "off"),
            ]
            if required { attributes.append(.required(true)) }
            if let describedBy { attributes.append(.attribute(named: "aria-describedby", value: describedBy)) }
            if invalid { attributes.append(.attribute(named: "aria-invalid", value: "true")) }
            return .div(
                .class("date-input-item \(width)"),
                .label(.for(boxID), .text(label)),
                .selfClosedElement(named: "input", attributes: attributes))
        }
        return .div(
            .class("date-input"),
            box(dayPart, "Day", parts.day, width: "w2", mode: "numeric"),
            box(monthPart, "Month", parts.month, width: "w2", mode: "numeric"),
            box(yearPart, "Year", parts.year, width: "w4", mode: "numeric"),
            .if(withTime, box(timePart, "Time (24-hour)", parts.time, width: "w5", mode: "text")))
    }

    /// A date field's question and boxes as one group: `legend` is the question, read out with each box.
    static func fieldset(legend: String, describedBy: String? = nil, _ content: PageContent...) -> PageContent {
        .element(
            named: "fieldset",
            nodes: [
                .attribute(named: "class", value: "date"),
                .unwrap(describedBy) { .attribute(named: "aria-describedby", value: $0) },
                .element(named: "legend", nodes: [.text(legend)]),
            ] + content)
    }

    /// The hint under a date field's question.
    static func hint(withTime: Bool) -> String {
        withTime ? "For example, 27 3 2026 and 14:30" : "For example, 27 3 2026"
    }
}

/// Vapor's URL-encoded form and query decoder, with each date field's boxes joined first (`DateInput.join`).
struct DatePartsDecoder: ContentDecoder, URLQueryDecoder {
    private let base = URLEncodedFormDecoder()

    func decode<D: Decodable>(_ type: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(type, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ type: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        let text = body.getString(at: body.readerIndex, length: body.readableBytes) ?? ""
        return try base.decode(type, from: DateInput.join(text), userInfo: userInfo)
    }

    func decode<D: Decodable>(_ type: D.Type, from url: URI) throws -> D {
        try decode(type, from: url, userInfo: [:])
    }

    func decode<D: Decodable>(_ type: D.Type, from url: URI, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        try base.decode(type, from: DateInput.join(url.query ?? ""), userInfo: userInfo)
    }
}
