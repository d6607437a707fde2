import Foundation

/// The forensics forecast on files, so a unit can try its queue and capacity without a database (issue 18,
/// `bluelamp forensics forecast`): DEVICES.csv and POLICY.json in, ETA.csv out. A bad row, an unknown type or a
/// repeated id refuses the whole file; every problem is a `FileProblem` with its line and column.
public enum ForensicsForecastFile {
    /// The columns DEVICES.csv must have, each once, in any order.
    public static let deviceColumns = ["device_id", "type", "risk_to_children", "priority", "submitted_at"]
    /// The columns of ETA.csv, in order.
    public static let etaColumns = ["device_id", "slot", "start", "finish"]
    /// The longest device id, in characters.
    public static let maxIDLength = 64

    /// Every problem found; nothing is forecast when there are any.
    public struct Problems: Error, Sendable, Hashable {
        public let problems: [FileProblem]
    }

    /// `FILE:LINE: column COLUMN: reason` (the victims-code command's form), or `FILE: field FIELD: reason` for
    /// POLICY.json, whose problems have no line.
    public static func describe(_ problem: FileProblem, file: String) -> String {
        switch (problem.line, problem.field) {
        case (let line?, let column?): "\(file):\(line): column \(column): \(problem.reason)"
        case (let line?, nil): "\(file):\(line): \(problem.reason)"
        case (nil, let field?): "\(file): field \(field): \(problem.reason)"
        case (nil, nil): "\(file): \(problem.reason)"
        }
    }

    // MARK: - DEVICES.csv

    /// Reads DEVICES.csv against `policy` (whose types are the known ones). Times are `YYYY-MM-DDTHH:MM` in
    /// Europe/London, or ISO 8601 with an offset or `Z`; `risk_to_children` is `true`/`false` (or `yes`/`no`);
    /// `priority` is 1, 2 or 3.
    public static func devices(
        _ data: Data, policy: ForensicsCapacityPolicy, timeZone: TimeZone = .london
    ) throws(Problems) -> [ForensicsQueuedDevice] {
        var records: [CSVRow] = []
        var reader = CSVReader()
        reader.consume(data) { records.append($0) }
        reader.finish { records.append($0) }
        guard let first = records.first else {
            throw Problems(problems: [
                FileProblem(line: 1, field: nil, reason: "the file is empty; expected the header \(headerText)")
            ])
        }
        let header: [String]
        switch first {
        case .failure(let error): throw Problems(problems: [FileProblem(line: 1, field: nil, reason: error.reason)])
        case .success(let record): header = record.fields
        }
        let index = try columnIndex(header)

        var devices: [ForensicsQueuedDevice] = []
        var problems: [FileProblem] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            switch record {
            case .failure(let error):
                let column = error.column.map { $0 <= header.count ? header[$0 - 1] : "\($0)" }
                problems.append(FileProblem(line: error.line, field: column, reason: error.reason))
            case .success(let record):
                let (device, found) = row(record, index: index, policy: policy, timeZone: timeZone)
                problems += found
                guard let device else { continue }
                if let earlier = firstLine[device.id] {
                    problems.append(
                        FileProblem(
                            line: record.line, field: "device_id",
                            reason: "\"\(device.id)\" is repeated; it is first on line \(earlier)"))
                    continue
                }
                firstLine[device.id] = record.line
                devices.append(device)
            }
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return devices
    }

    private static var headerText: String { deviceColumns.joined(separator: ",") }

    private static func columnIndex(_ header: [String]) throws(Problems) -> [String: Int] {
        var index: [String: Int] = [:]
        var problems: [FileProblem] = []
        for (position, name) in header.enumerated() {
            if !deviceColumns.contains(name) {
                problems.append(
                    FileProblem(line: 1, field: name, reason: "not expected; the columns are \(headerText)"))
            } else if index[name] != nil {
                problems.append(FileProblem(line: 1, field: name, reason: "appears more than once in the header"))
            } else {
                index[name] = position
            }
        }
        for name in deviceColumns where index[name] == nil {
            problems.append(FileProblem(line: 1, field: name, reason: "missing from the header"))
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return index
    }

    private static func row(
        _ record: CSVRecord, index: [String: Int], policy: ForensicsCapacityPolicy, timeZone: TimeZone
    ) -> (ForensicsQueuedDevice?, [FileProblem]) {
        func field(_ name: String) -> String { record.fields[index[name]!] }
        var problems: [FileProblem] = []
        func problem(_ column: String, _ reason: String) {
            problems.append(FileProblem(line: record.line, field: column, reason: reason))
        }

        let id = field("device_id")
        if id.trimmingCharacters(in: .whitespaces).isEmpty {
            problem("device_id", "empty; every row needs one")
        } else if id.count > maxIDLength {
            problem("device_id", "longer than \(maxIDLength) characters")
        }

        let type = field("type")
        if policy.minutes(forType: type) == nil {
            problem(
                "type",
                "unknown device type \"\(type)\"; the policy's types are \(policy.types.joined(separator: ", "))")
        }

        let riskText = field("risk_to_children")
        let risk: Bool? =
            switch riskText {
            case "true", "yes": true
            case "false", "no": false
            default: nil
            }
        if risk == nil { problem("risk_to_children", "\"\(riskText)\" is not true or false") }

        let priorityText = field("priority")
        let priority = Int(priorityText).flatMap { ForensicsQueuedDevice.priorities.contains($0) ? $0 : nil }
        if priority == nil { problem("priority", "\"\(priorityText)\" is not a priority: 1 (highest), 2 or 3") }

        let submittedText = field("submitted_at")
        let submitted = time(submittedText, in: timeZone)
        if case .failure(let reason) = submitted { problem("submitted_at", reason.text) }

        guard problems.isEmpty, let risk, let priority, case .success(let submittedAt) = submitted else {
            return (nil, problems)
        }
        return (
            ForensicsQueuedDevice(
                id: id, type: type, riskToChildren: risk, priority: priority, submittedAt: submittedAt), []
        )
    }

    private struct Reason: Error { let text: String }

    /// `YYYY-MM-DDTHH:MM` in `timeZone`, or ISO 8601 with an offset.
    private static func time(_ text: String, in timeZone: TimeZone) -> Result<Date, Reason> {
        if text.count == 16 {
            return LocalTime.parseMinute(text, in: timeZone).mapError { Reason(text: $0.description) }
        }
        switch ISO8601Timestamp.parse(text) {
        case .success(let date): return .success(date)
        case .failure:
            return .failure(
                Reason(text: "\"\(text)\" is not a time: YYYY-MM-DDTHH:MM (Europe/London) or ISO 8601 with an offset"))
        }
    }

    // MARK: - ETA.csv

    /// ETA.csv: the header and one line per device in the order the slots take them, times `YYYY-MM-DDTHH:MM` in
    /// `timeZone`, each line ending in a line feed.
    public static func csv(_ entries: [ForensicsForecastEntry], timeZone: TimeZone = .london) -> String {
        var text = etaColumns.joined(separator: ",") + "\n"
        for entry in entries {
            text += CSVRecord.field(entry.device.id) + ",\(entry.slot),"
            text += LocalTime.minuteText(entry.start, in: timeZone) + ","
            text += LocalTime.minuteText(entry.finish, in: timeZone) + "\n"
        }
        return text
    }

    // MARK: - POLICY.json

    /// The keys POLICY.json may hold; every one is optional and takes `ForensicsCapacityPolicy.standard`'s value
    /// when missing.
    public static let policyKeys = ["slots", "hours_by_type", "working_hours", "bank_holidays"]

    /// Reads POLICY.json: `{"slots": 2, "hours_by_type": {"phone": 6, …}, "working_hours": {"start": "08:00",
    /// "end": "18:00", "days": ["Mon", …]}, "bank_holidays": true}`. An unknown key is refused (a typo would
    /// otherwise be a silent default).
    public static func policy(_ data: Data) throws(Problems) -> ForensicsCapacityPolicy {
        var problems: [FileProblem] = []
        func problem(_ field: String?, _ reason: String) {
            problems.append(FileProblem(line: nil, field: field, reason: reason))
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let object = parsed as? [String: Any] else {
            throw Problems(problems: [FileProblem(line: nil, field: nil, reason: "not a JSON object")])
        }
        var policy = ForensicsCapacityPolicy.standard
        for key in object.keys.sorted() where !policyKeys.contains(key) {
            problem(key, "not expected; the keys are \(policyKeys.joined(separator: ", "))")
        }
        if let value = object["slots"] {
            if let number = value as? NSNumber, !isBool(number), let slots = Int(exactly: number.doubleValue) {
                policy.slots = slots
            } else {
                problem("slots", "must be a whole number")
            }
        }
        if let value = object["hours_by_type"] {
            if let table = value as? [String: Any] {
                var hours: [String: Double] = [:]
                for (type, value) in table {
                    if let number = value as? NSNumber, !isBool(number) {
                        hours[type] = number.doubleValue
                    } else {
                        problem("hours_by_type.\(type)", "must be a number of hours")
                    }
                }
                policy.hoursByType = hours
            } else {
                problem("hours_by_type", "must be an object of device type to hours")
            }
        }
        if let value = object["working_hours"] {
            if let table = value as? [String: Any] {
                for key in table.keys.sorted() where !["start", "end", "days"].contains(key) {
                    problem("working_hours.\(key)", "not expected; the keys are start, end, days")
                }
                for key in ["start", "end"] {
                    guard let raw = table[key] else { continue }
                    guard let text = raw as? String, let minute = ForensicsWorkingHours.minute(text) else {
                        problem("working_hours.\(key)", "must be a time HH:MM from 00:00 to 24:00")
                        continue
                    }
                    if key == "start" {
                        policy.workingHours.startMinute = minute
                    } else {
                        policy.workingHours.endMinute = minute
                    }
                }
                if let raw = table["days"] {
                    let names = raw as? [Any] ?? []
                    let days = names.compactMap { ($0 as? String).flatMap(Weekday.init(abbreviation:)) }
                    if !(raw is [Any]) || days.count != names.count || Set(days).count != days.count {
                        problem(
                            "working_hours.days",
                            "must be a list of distinct days from Mon, Tue, Wed, Thu, Fri, Sat, Sun")
                    } else {
                        policy.workingHours.days = Set(days)
                    }
                }
            } else {
                problem("working_hours", "must be an object with start, end and days")
            }
        }
        if let value = object["bank_holidays"] {
            if let number = value as? NSNumber, isBool(number) {
                policy.bankHolidaysOff = number.boolValue
            } else {
                problem("bank_holidays", "must be true or false")
            }
        }
        if problems.isEmpty {
            for found in policy.problems() { problem(found.field, found.message) }
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return policy
    }

    /// Whether a number JSONSerialization read was `true` or `false`.
    private static func isBool(_ number: NSNumber) -> Bool {
        // JSONSerialization gives NSNumber for numbers and booleans alike (as AllocationPolicy's reader notes).
        String(cString: number.objCType) == "c"
    }
}
