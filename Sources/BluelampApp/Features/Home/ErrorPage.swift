import Plot

/// The page for a refused or failed request: what happened, in the request's own words, and what the person can do
/// next (issue 22: "Status 403." said nothing about what to do).
struct ErrorPage {
    struct Model {
        var status: Int
        var title: String
        var detail: String
    }

    var model: Model

    /// The page's heading in plain words, in the manner of the GOV.UK Design System's error pages.
    static func heading(for status: Int, title: String) -> String {
        switch status {
        case 401: "Sign in first"
        case 403: "You do not have access to this"
        case 404: "Page not found"
        case 500...: "Sorry, there is a problem with the service"
        default: title
        }
    }

    /// What to do next for a status, in plain words.
    static func nextSteps(for status: Int) -> [String] {
        switch status {
        case 401:
            ["Sign in, then open the page again."]
        case 403:
            [
                "Your roles or your BCUs do not cover this. Your account page lists the roles you hold.",
                "If you need it for your work, ask your supervisor or an administrator to change your roles.",
            ]
        case 404:
            [
                "Check the address, or the reference if you typed one.",
                "The record may be in a BCU your roles do not cover: it is then answered as if it did not exist.",
            ]
        case 408, 413, 414, 431:
            ["Send a shorter request or a smaller file, or split it."]
        case 429:
            ["Wait a minute, then try again."]
        case 507:
            ["Tell the system administrator; once space is freed, send it again."]
        case 500...:
            ["Try again in a moment. If it goes on, tell the service desk what you were doing and when."]
        default:
            ["Go back and check what you sent."]
        }
    }

    func render() -> PageContent {
        .group(
            .h1(.text(Self.heading(for: model.status, title: model.title))),
            .p(.text(model.detail)),
            .h2("What you can do"),
            .ul(.forEach(Self.nextSteps(for: model.status)) { .li(.text($0)) }),
            .ul(
                .class("links"),
                .li(.a(.href(Paths.home), "Go to your home page")),
                .if(model.status == 401, .li(.a(.href(Paths.signIn()), "Sign in"))),
                .if(model.status == 403, .li(.a(.href(Paths.account()), "See your roles")))
            ),
            .p(.class("muted"), .text("Error code \(model.status)."))
        )
    }
}
