import Foundation

/// What a line of enquiry pursues. The inspectorate found lines of enquiry "not identified or pursued" in the
/// Met's neighbourhood crime investigations (PEEL 2023–25, ../shared/seeds/004); naming each kind makes the gaps
/// countable.
public enum LineOfEnquiryKind: String, CaseIterable, Sendable, Hashable, Codable {
    case cctv
    case forensic
    case witnesses
    case houseToHouse = "house_to_house"
    case digital
    case financial
    case suspectIdentification = "suspect_identification"
    case arrestAndInterview = "arrest_and_interview"
    case other

    public var label: String {
        switch self {
        case .cctv: "CCTV"
        case .forensic: "Forensic"
        case .witnesses: "Witnesses"
        case .houseToHouse: "House-to-house"
        case .digital: "Digital"
        case .financial: "Financial"
        case .suspectIdentification: "Suspect identification"
        case .arrestAndInterview: "Arrest and interview"
        case .other: "Other"
        }
    }
}

/// Where a line of enquiry stands.
public enum LineOfEnquiryStatus: String, CaseIterable, Sendable, Hashable, Codable {
    case open
    case inProgress = "in_progress"
    case done
    case notViable = "not_viable"

    public var label: String {
        switch self {
        case .open: "Open"
        case .inProgress: "In progress"
        case .done: "Done"
        case .notViable: "Not viable"
        }
    }

    /// Still to be pursued: an investigation with such a line cannot be closed unless a supervisor writes it off.
    public var isOutstanding: Bool { self == .open || self == .inProgress }
}

/// A line of enquiry on an investigation.
public struct LineOfEnquiry: Sendable, Hashable, Codable {
    public var id: Int
    public var crimeID: Int
    public var kind: LineOfEnquiryKind
    public var description: String
    public var status: LineOfEnquiryStatus
    /// What it found (when done) or why it could not be pursued (when not viable).
    public var result: String?
    /// Set when a supervisor wrote the line off to close the investigation.
    public var writtenOffReason: String?
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date

    public init(
        id: Int, crimeID: Int, kind: LineOfEnquiryKind, description: String, status: LineOfEnquiryStatus,
        result: String?, writtenOffReason: String?, createdAt: Date, createdBy: String, updatedAt: Date
    ) {
        self.id = id
        self.crimeID = crimeID
        self.kind = kind
        self.description = description
        self.status = status
        self.result = result
        self.writtenOffReason = writtenOffReason
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
    }
}

/// A new line of enquiry as a person gives it, before it is checked.
public struct LineOfEnquiryDraft: Sendable, Hashable {
    public var kind: String
    public var description: String

    public init(kind: String, description: String) {
        self.kind = kind
        self.description = description
    }

    public static let maxDescription = 1_000

    /// The kind and description, or every problem. A description is always required: "CCTV" alone says nothing
    /// about which camera or what it should show.
    public func check() -> Result<(kind: LineOfEnquiryKind, description: String), FieldErrors> {
        var errors: [FieldError] = []
        let kind = LineOfEnquiryKind(rawValue: kind.trimmingCharacters(in: .whitespaces))
        if kind == nil {
            errors.append(FieldError(field: "kind", label: "Kind", message: "choose what the line of enquiry pursues"))
        }
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(
                FieldError(field: "description", label: "Description", message: "say what is to be done and why"))
        } else if text.count > Self.maxDescription {
            errors.append(
                FieldError(
                    field: "description", label: "Description",
                    message: "is \(text.count) characters; keep it to \(Self.maxDescription)"))
        }
        guard let kind, errors.isEmpty else { return .failure(FieldErrors(errors: errors)) }
        return .success((kind, text))
    }
}

/// A change of a line of enquiry's status, before it is checked.
public struct LineOfEnquiryUpdate: Sendable, Hashable {
    public var status: String
    public var result: String

    public init(status: String, result: String) {
        self.status = status
        self.result = result
    }

    /// The new status and its result, or the problem. A line marked done says what it found; a line marked not
    /// viable says why; a line re-opened or in progress may carry a note of progress.
    public func check(from current: LineOfEnquiryStatus) -> Result<
        (status: LineOfEnquiryStatus, result: String?), FieldErrors
    > {
        guard let status = LineOfEnquiryStatus(rawValue: status.trimmingCharacters(in: .whitespaces)) else {
            return .failure(
                FieldErrors(errors: [FieldError(field: "status", label: "Status", message: "choose the new status")]))
        }
        let text = result.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > LineOfEnquiryDraft.maxDescription {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: "result", label: "Result",
                        message: "is \(text.count) characters; keep it to \(LineOfEnquiryDraft.maxDescription)")
                ]))
        }
        switch status {
        case .done where text.isEmpty:
            return .failure(
                FieldErrors(errors: [FieldError(field: "result", label: "Result", message: "say what the line found")]))
        case .notViable where text.isEmpty:
            return .failure(
                FieldErrors(errors: [
                    FieldError(field: "result", label: "Result", message: "say why the line cannot be pursued")
                ]))
        default: break
        }
        if status == current && text.isEmpty {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: "status", label: "Status", message: "the line is already \(current.label.lowercased())")
                ]))
        }
        return .success((status, text.isEmpty ? nil : text))
    }
}
