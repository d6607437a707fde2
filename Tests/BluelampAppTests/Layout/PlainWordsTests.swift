import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// No code reaches a page (issue 22): signed in as each demo user on the small demo, every kind of page the menus and
/// links lead to is read, and its visible text holds no stored identifier (`repeat_victim`, `sign_in_failed`,
/// `rso:26`), each enum being shown through its one mapping to words.
@Suite struct PlainWordsTests {
    /// A stored name (`snake_case`) or a stored reference (`rso:26`, `team:3`) in running text.
    static let code = try! NSRegularExpression(
        pattern: #"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+:\d+\b"#)

    /// The page's visible text: `<main>` without tags, without what a person edits (a textarea's JSON) or reads as
    /// code on purpose (`<code>`), with character references decoded.
    static func visibleText(_ html: String) -> String {
        var text = html.components(separatedBy: "<main").dropFirst().joined()
        for element in ["textarea", "code", "script"] {
            text = text.replacingOccurrences(
                of: "(?s)<\(element)[^>]*>.*?</\(element)>", with: " ", options: [.regularExpression])
        }
        text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
    }

    /// The codes a policy page's editing hints list on purpose: the values its JSON takes.
    static let policyCodes = Set(CrimeFlags.all.compactMap(\.code))

    /// The words a page shows do not depend on the database, and the crawl loads a whole demo: it runs once, on
    /// SQLite, and says so when the suite runs against PostgreSQL.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["BLUELAMP_TEST_DATABASE_URL"] == nil,
            "run on SQLite only: a page's words do not depend on the database"))
    func `signed in as each demo user, no page shows a stored code`() async throws {
        try await withTestApp { app in
            let now = Date()
            app.clock = { now }
            let loader = DemoLoader(
                database: app.db, scale: .small, seed: 2016, years: 1, now: now,
                hasher: { try Bcrypt.hash($0, cost: 4) })
            _ = try await loader.load()
            var pages = 0
            var found: [String: Set<String>] = [:]
            for user in DemoLoader.users {
                let browser = try #require(try await signIn(app, user.username, password: user.password))
                var queue = ["/"]
                var seen: Set<String> = []
                var shapes: Set<String> = []
                while !queue.isEmpty, seen.count < 70 {
                    let path = queue.removeFirst()
                    guard seen.insert(path).inserted else { continue }
                    let response = try await app.testing().sendRequest(.GET, path, headers: browser.headers())
                    guard response.status == .ok,
                        response.headers.contentType?.description.hasPrefix("text/html") == true
                    else { continue }
                    pages += 1
                    let html = response.body.string
                    let text = Self.visibleText(html)
                    for match in Self.code.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                        guard let range = Range(match.range, in: text) else { continue }
                        let token = String(text[range])
                        if path.contains("policy"), Self.policyCodes.contains(token) { continue }
                        found[token, default: []].insert(path)
                    }
                    // One page of each shape: /crimes/12 stands for every crime.
                    for link in html.components(separatedBy: "href=\"").dropFirst() {
                        guard let end = link.firstIndex(of: "\"") else { continue }
                        let href = String(link[..<end]).components(separatedBy: "#")[0]
                        guard href.hasPrefix("/"), !href.hasPrefix("/api"), !href.hasPrefix("/static"),
                            !href.hasPrefix("/maps"), !href.hasSuffix(".csv"), !href.hasSuffix(".pdf"),
                            !href.contains("/export"), !href.contains("/document")
                        else { continue }
                        // An indicator's id (`crimes.recorded-within-24h`) is a segment with a dot in it.
                        let shape = href.components(separatedBy: "?")[0]
                            .replacingOccurrences(of: "[0-9]+", with: "N", options: .regularExpression)
                            .replacingOccurrences(of: "/[^/]*\\.[^/]*", with: "/ID", options: .regularExpression)
                        if shapes.insert(shape).inserted {
                            queue.append(href.replacingOccurrences(of: "&amp;", with: "&"))
                        }
                    }
                }
            }
            #expect(pages > 150, "only \(pages) pages read")
            for (token, paths) in found.sorted(by: { $0.key < $1.key }) {
                Issue.record("\"\(token)\" shown on \(paths.sorted().prefix(3).joined(separator: ", "))")
            }
        }
    }
}
