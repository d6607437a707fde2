import Foundation

/// A person a crime involves: a victim, a witness or a suspect.
///
/// Only what the case needs is kept: a name, a date of birth when known, and how the person wants to
/// be contacted (Victims' Code right 1, to understand and be understood, starts with asking).
public struct PersonRecord: Sendable, Hashable, Codable {
    public var name: PersonName
    public var dateOfBirth: DateOfBirth?
    public var contactPreference: ContactPreference

    public init(name: PersonName, dateOfBirth: DateOfBirth? = nil, contactPreference: ContactPreference = .phone) {
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.contactPreference = contactPreference
    }

    /// The key two records of the same person share (see `DuplicatePersonRule`); nil without a date of birth.
    public var duplicateKey: String? { DuplicatePersonRule.key(name: name, dateOfBirth: dateOfBirth) }
}

/// The part a person plays in a crime.
public enum PersonRole: String, CaseIterable, Codable, Sendable, Hashable {
    case victim
    case witness
    case suspect

    public var label: String { rawValue.capitalized }
}

/// How a person wants to be contacted.
public enum ContactPreference: String, CaseIterable, Codable, Sendable, Hashable {
    case phone
    case textMessage = "text_message"
    case email
    case letter
    case inPerson = "in_person"
    /// The person has asked not to be contacted (a victim may opt out of updates).
    case noContact = "no_contact"

    public var label: String {
        switch self {
        case .phone: "Phone"
        case .textMessage: "Text message"
        case .email: "Email"
        case .letter: "Letter"
        case .inPerson: "In person"
        case .noContact: "No contact"
        }
    }
}

/// A person's name as recorded: given names and family name.
public struct PersonName: Sendable, Hashable, Codable, CustomStringConvertible {
    public var given: String
    public var family: String

    public init(given: String, family: String) {
        self.given = given
        self.family = family
    }

    /// "Given Family".
    public var description: String {
        [given, family].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The name's words, normalised for matching (see `DuplicatePersonRule`) and sorted.
    public var normalisedTokens: [String] {
        DuplicatePersonRule.normalise("\(given) \(family)").split(separator: " ").map(String.init).sorted()
    }
}

/// A date of birth: a calendar date, with no time and no time zone.
public typealias DateOfBirth = CalendarDay

/// The rule for spotting the same person recorded twice.
///
/// Two records are the same person when they have the same date of birth and the same normalised name.
/// Normalising a name: case and accents are ignored ("Zoë" = "ZOE"); apostrophes and full stops are
/// dropped ("O'Brien" = "OBrien"); hyphens and every other non-letter, non-digit character separate
/// words ("Smith-Jones" = "Smith Jones"); the words are then sorted, so given and family names entered
/// the wrong way round still match ("Ali Khan" = "Khan Ali"). Names alone never match (too many people
/// share one), so a record without a date of birth is never flagged. A match is a prompt for the user
/// to merge, never an automatic merge.
public enum DuplicatePersonRule {
    /// The name in normal form: folded, punctuation handled, words separated by single spaces (unsorted).
    public static func normalise(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        var pendingSpace = false
        for character in folded {
            if character == "'" || character == "’" || character == "‘" || character == "`" || character == "." {
                continue
            }
            if character.isLetter || character.isNumber {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(contentsOf: character.lowercased())
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// The matching key: sorted normalised name words and the date of birth; nil without a date of
    /// birth or without any name.
    public static func key(name: PersonName, dateOfBirth: DateOfBirth?) -> String? {
        guard let dateOfBirth else { return nil }
        let tokens = name.normalisedTokens
        guard !tokens.isEmpty else { return nil }
        return tokens.joined(separator: " ") + "|" + dateOfBirth.text
    }

    /// Whether two records are likely the same person.
    public static func isLikelyDuplicate(_ a: PersonRecord, _ b: PersonRecord) -> Bool {
        guard let keyA = a.duplicateKey, let keyB = b.duplicateKey else { return false }
        return keyA == keyB
    }

    /// Groups of indices into `people` that are likely the same person (each group has two or more
    /// members; groups in order of their first member).
    public static func duplicateGroups(in people: [PersonRecord]) -> [[Int]] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (index, person) in people.enumerated() {
            guard let key = person.duplicateKey else { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        return order.compactMap { groups[$0]!.count > 1 ? groups[$0] : nil }
    }
}
