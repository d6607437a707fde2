import Plot

struct SignInPage {
    struct Model {
        var username: String
        var next: String
        var error: String?
        var notice: String?
        var csrf: String
    }

    var model: Model

    func render() -> PageContent {
        .div(
            .class("signin"),
            .h1("Sign in"),
            .p(
                .class("lede"),
                "Bluelamp holds personal data about victims, suspects and offenders. Sign in with your own account; every record you open is audited."
            ),
            .unwrap(model.error) { .div(.class("flash error"), .attribute(named: "role", value: "alert"), .text($0)) },
            Part.flash(model.notice),
            .form(
                .class("stack"), .method(.post), .action(Paths.signIn()),
                .input(.type(.hidden), .name("csrf"), .value(model.csrf)),
                .input(.type(.hidden), .name("next"), .value(model.next)),
                .component(
                    Part.field(
                        "Username", name: "username", value: model.username, required: true, autocomplete: "username")),
                .component(
                    Part.field(
                        "Password", name: "password", type: .password, required: true, autocomplete: "current-password")
                ),
                .button(.type(.submit), "Sign in")
            )
        )
    }
}
