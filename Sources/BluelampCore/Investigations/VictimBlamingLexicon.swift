import Foundation

/// Finds victim-blaming phrasings in what officers write, for a supervisor to look at. Identifying
/// victim-blaming language was among the improvements the inspectorate recognised when the Met left Engage
/// (../shared/seeds/001). A match is flagged, never blocked and never changed: the words stay as written, and a
/// supervisor decides.
///
/// Matching ignores case and runs of spaces, and respects word boundaries ("asked for it" does not match inside
/// "tasked for items").
public struct VictimBlamingLexicon: Sendable, Hashable {
    public var phrases: [String]

    public init(phrases: [String]) {
        self.phrases = phrases.map(Self.normalise).filter { !$0.isEmpty }
    }

    /// The phrasings a new force starts with; administrators add and withdraw phrases (each change audited).
    public static let starting: [String] = [
        "asked for it",
        "brought it on herself",
        "brought it on himself",
        "brought it on themselves",
        "should have known better",
        "was drunk at the time",
        "what was she wearing",
        "why did she stay",
        "why didn't she leave",
        "invited trouble",
        "leading him on",
        "leading her on",
        "putting herself at risk",
        "putting himself at risk",
        "lifestyle choice",
        "consented to",
        "promiscuous",
        "provoked him",
        "provoked her",
        "known to police so",
        "not a credible victim",
        "could have prevented",
        "regretted it",
    ]

    static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The lexicon's phrases found in `text`, each once, in the lexicon's order.
    public func matches(in text: String) -> [String] {
        let words = Self.normalise(text).map { $0.isLetter || $0.isNumber || $0 == "'" || $0 == " " ? $0 : " " }
        let haystack = " " + Self.normalise(String(words)) + " "
        var found: [String] = []
        for phrase in phrases where !found.contains(phrase) {
            let cleaned = Self.normalise(
                String(phrase.map { $0.isLetter || $0.isNumber || $0 == "'" || $0 == " " ? $0 : " " }))
            guard !cleaned.isEmpty else { continue }
            if haystack.contains(" " + cleaned + " ") { found.append(phrase) }
        }
        return found
    }

    /// A new phrase as an administrator gives it, or the problem.
    public static func checkPhrase(_ text: String, existing: [String]) -> Result<String, FieldErrors> {
        let phrase = normalise(text)
        if phrase.isEmpty {
            return .failure(
                FieldErrors(errors: [FieldError(field: "phrase", label: "Phrase", message: "write the phrase")]))
        }
        if phrase.count > 200 {
            return .failure(
                FieldErrors(errors: [FieldError(field: "phrase", label: "Phrase", message: "keep it to 200 characters")]
                ))
        }
        if existing.map(normalise).contains(phrase) {
            return .failure(
                FieldErrors(errors: [FieldError(field: "phrase", label: "Phrase", message: "is already in the lexicon")]
                ))
        }
        return .success(phrase)
    }
}
