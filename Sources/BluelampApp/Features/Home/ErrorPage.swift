import Plot

struct ErrorPage {
    struct Model {
        var status: Int
        var title: String
        var detail: String
    }

    var model: Model

    func render() -> PageContent {
        .group(
            .h1(.text("\(model.title)")),
            .p(.text(model.detail)),
            .p(.class("muted"), .text("Status \(model.status). ")),
            .p(.a(.href("/"), "Go to the home page"))
        )
    }
}
