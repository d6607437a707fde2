import BluelampCore
import Foundation
import Plot
import Testing

@testable import BluelampApp

/// The indicators page's fast paths write what Plot's nodes and `TableSemantics` wrote.
@Suite struct IndicatorListPageTests {
    static let banded = IndicatorDefinition(
        id: "x.banded", name: "Banded", areaID: "a", unit: .percent, direction: .higherIsBetter,
        thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70))
    static let volume = IndicatorDefinition(
        id: "x.volume", name: "Volume", areaID: "a", unit: .count, direction: .higherIsBetter,
        thresholds: IndicatorThresholds(good: 0, adequate: 0, requiresImprovement: 0))

    /// The table as it was built before: Plot's nodes, then the page's table pass.
    static func builtWithNodes(_ values: [IndicatorListPage.ScopeValue]) -> String {
        let node: PageContent = .table(
            .class("responsive"),
            .thead(.tr(.th("Scope"), .th(.class("num"), "Value"), .th("Band"))),
            .tbody(
                .forEach(values) { value in
                    .tr(
                        .td(.attribute(named: "data-label", value: "Scope"), .plain(value.scope)),
                        .td(
                            .class("num"), .attribute(named: "data-label", value: "Value"),
                            .plain(InspectionPart.value(value.reading))),
                        .td(
                            .attribute(named: "data-label", value: "Band"),
                            InspectionPart.isBanded(value.reading.definition)
                                ? .span(
                                    .class("badge \(InspectionPart.bandClass(value.reading.band))"),
                                    .plain(value.reading.band?.label ?? "No figure"))
                                : .span(.class("badge band-none"), "A volume"))
                    )
                }))
        return TableSemantics.apply(to: node.render())
    }

    @Test func `the snapshot table is the HTML its nodes gave, roles and header scopes included`() {
        let values: [IndicatorListPage.ScopeValue] = [
            .init(scope: "the whole force", reading: IndicatorReading(definition: Self.banded, value: 91)),
            .init(scope: "CE Central East", reading: IndicatorReading(definition: Self.banded, value: 85)),
            .init(scope: "NW <North> & West", reading: IndicatorReading(definition: Self.banded, value: 72)),
            .init(scope: "SN \"South\" North", reading: IndicatorReading(definition: Self.banded, value: 10)),
            .init(scope: "Ærø 🚓", reading: IndicatorReading(definition: Self.banded, value: nil)),
            .init(scope: "Volume", reading: IndicatorReading(definition: Self.volume, value: 1_234)),
        ]
        let fast = (IndicatorListPage.scopeTable(values) as PageContent).render()
        #expect(fast == Self.builtWithNodes(values))
        #expect(fast.contains("NW &lt;North&gt; &amp; West"))
        #expect(fast.contains(#"<span class="badge band-inadequate">"#))
        #expect(fast.contains(#"<span class="badge band-none">A volume</span>"#))
        // The page's table pass finds nothing to add.
        #expect(TableSemantics.apply(to: fast) == fast)
        #expect((IndicatorListPage.scopeTable([]) as PageContent).render() == Self.builtWithNodes([]))
    }

    /// Plot's text escaping as it was: a new string for every character, `&` kept where it starts a character
    /// reference.
    static func plotEscaped(_ text: String) -> String {
        var pending: String?
        func flush(suffix: String? = nil, resettingTo newValue: String? = nil) -> String {
            let held = pending
            pending = newValue
            return held.map { "&amp;\($0)\(suffix ?? "")" } ?? suffix ?? ""
        }
        return String(
            text.flatMap { character -> String in
                switch character {
                case "<": return flush(suffix: "&lt;")
                case ">": return flush(suffix: "&gt;")
                case "&": return flush(resettingTo: "")
                case ";":
                    let held = pending.map { "&\($0);" }
                    pending = nil
                    return held ?? ";"
                case "#" where pending?.isEmpty == true:
                    pending = "#"
                    return ""
                default:
                    if let held = pending {
                        guard character.isLetter || character.isNumber else {
                            return flush(suffix: String(character))
                        }
                        pending = "\(held)\(character)"
                        return ""
                    }
                    return "\(character)"
                }
            }) + flush()
    }

    @Test func `Plot's text escaping gives what its character loop gave, with and without markup characters`() {
        var texts = [
            "", "Central East", "9.1%", "a;b#c", "#1;", "A & B < C > D", "R&D;", "&amp;", "&#38;", "&#x26; x", "&&<<>>",
            "Ærø “q” 🚓 <b>", "e\u{301} café", "tab\tnew\nline", "\"quoted\" 'single'", "a&", "&", ";&;#;",
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab1 ;#&<>\"'é🚓\u{301}")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &generator)
            texts.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in texts {
            let node: Node<HTML.BodyContext> = .text(text)
            #expect(node.render() == Self.plotEscaped(text), "\(text.debugDescription)")
        }
    }
}
