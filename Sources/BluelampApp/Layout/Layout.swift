import BluelampCore
import Plot
import Synchronization
import Vapor

/// Content inside `<main>`; pages are built from these and embedded anywhere with `.component(_:)`.
typealias PageContent = Node<HTML.BodyContext>

/// The frame every page shares: header with the force's name and the signed-in person, navigation
/// by what the person may do, the page's content, and one stylesheet. No JavaScript.
struct Layout {
    struct NavItem: Hashable {
        var label: String
        var href: String
    }

    struct Model {
        var forceName: String
        var title: String
        var userName: String?
        var roles: [String]
        var nav: [NavItem]
        var currentPath: String
        var csrf: String?
    }

    /// The navigation for a principal: each item shown only when its permission is held.
    static func navigation(for principal: Principal?) -> [NavItem] {
        guard let principal else { return [] }
        let items: [(String, String, Permission)] = [
            ("Home", Paths.home, .viewHome),
            ("Organisation", Paths.bcus, .viewOrganisation),
            ("Officers", Paths.officers(), .viewOfficers),
            ("Crimes", Paths.crimes(), .viewCrimes),
            ("Recording decisions", Paths.recordingDecisions, .viewCrimes),
            ("Supervision", Paths.supervision(), .superviseInvestigations),
            ("Safeguarding", Paths.safeguarding(), .viewSafeguarding),
            ("Imports", Paths.imports, .importCrimes),
            ("Allocation", Paths.allocationQueue(), .allocateCrimes),
            ("Allocation policy", Paths.allocationPolicy(), .managePolicy),
            ("Recording policy", Paths.recordingPolicy, .managePolicy),
            ("Supervision policy", Paths.supervisionPolicy(), .managePolicy),
            ("DASH policy", Paths.dashPolicy(), .managePolicy),
            ("Offenders", Paths.offenders, .viewOffenders),
            ("Organised crime", Paths.ocgRegister(), .viewOrganisedCrime),
            ("Inspection", Paths.inspectionDashboard, .viewInspection),
            ("Calls", Paths.calls(), .viewInspection),
            ("Digital forensics", Paths.forensicsQueue(), .viewForensicsQueue),
            ("Forensics policy", Paths.forensicsPolicy(), .managePolicy),
            ("Users", Paths.users, .manageUsers),
            ("Roles", Paths.roles, .viewAudit),
            ("Audit log", Paths.auditLog(), .viewAudit),
            ("Account", Paths.account(), .manageOwnAccount),
        ]
        var nav = items.filter { principal.can($0.2) }.map { NavItem(label: $0.0, href: $0.1) }
        // A frontline officer's one offender page: the RSO list of their BCU (issue 15; PEEL 2016).
        if !principal.can(.viewOffenders), case .bcus(let set)? = principal.scope(for: .viewBCURSOList),
            let bcu = set.filter({ $0 != .force }).sorted().first
        {
            nav.append(NavItem(label: "RSOs in \(bcu.code)", href: Paths.offendersInBCU(bcu)))
        }
        // Neighbourhood and response officers' view of the groups in their BCU (issue 19; PEEL 2016 AFI10).
        if !principal.can(.viewOrganisedCrime), principal.can(.viewOCGAwareness) {
            nav.append(NavItem(label: "Organised crime", href: Paths.ocgAwareness()))
        }
        // An officer's own caseload (issue 6): investigators see theirs on a phone as well as a desktop.
        if let officer = principal.officerID, principal.can(.viewCaseloads) {
            nav.insert(NavItem(label: "My caseload", href: Paths.officerCaseload(officer)), at: min(1, nav.count))
        }
        // Their investigations, actions and reviews due (issue 16).
        if principal.officerID != nil, principal.can(.workInvestigations) {
            nav.insert(NavItem(label: "My work", href: Paths.myWork), at: min(1, nav.count))
        }
        return nav
    }

    static func model(title: String, request: Request) -> Model {
        Model(
            forceName: request.application.settings.settings.forceName, title: title,
            userName: request.principal?.displayName, roles: request.principal?.roles.sorted().map(\.name) ?? [],
            nav: navigation(for: request.principal), currentPath: request.url.path, csrf: request.session?.csrfToken)
    }

    /// A page's content rendered to HTML with its tables' semantics written (`TableSemantics`): what `<main>` holds.
    /// The frame around it has no table, so the pass over the content alone gives what a pass over the page would.
    struct RenderedContent: Sendable, Hashable {
        var html: String

        init(_ content: PageContent) {
            html = TableSemantics.apply(to: content.render())
        }

        /// HTML that is already a `RenderedContent`'s (kept from an earlier one).
        init(passed html: String) {
            self.html = html
        }
    }

    static func render(_ content: PageContent, model: Model) -> String {
        render(RenderedContent(content), model: model)
    }

    /// The page around content already rendered (a page that keeps its rendering between requests).
    static func render(_ content: RenderedContent, model: Model) -> String {
        let html = HTML(
            .attribute(named: "lang", value: "en-GB"),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(model.title) · Bluelamp"),
                .stylesheet(Paths.stylesheet)
            ),
            .body(
                .a(.class("skip"), .href("#main"), "Skip to content"),
                .header(
                    .class("site"),
                    .div(
                        .class("brand"),
                        .a(.href(Paths.home), .span(.class("lamp"), "●"), " Bluelamp"),
                        .span(.class("force"), .text(model.forceName))
                    ),
                    .unwrap(model.userName) { name in
                        .div(
                            .class("who"),
                            // One search box for the whole service (issue 22): `/search`.
                            .form(
                                .class("site-search"), .method(.get), .action(Paths.search()),
                                .attribute(named: "role", value: "search"),
                                .label(.for("site-search-q"), .class("visually-hidden"), "Search Bluelamp"),
                                .input(
                                    .type(.search), .name("q"), .id("site-search-q"),
                                    .attribute(named: "placeholder", value: "Reference or name")),
                                .button(.type(.submit), .class("link"), "Search")),
                            .span(.text(name)),
                            .form(
                                .method(.post), .action(Paths.signOut), .class("inline"),
                                .input(.type(.hidden), .name(AccessMiddleware.csrfField), .value(model.csrf ?? "")),
                                .button(.type(.submit), .class("link"), "Sign out")
                            )
                        )
                    }
                ),
                .if(!model.nav.isEmpty, .raw(navigation(model.nav, current: current(model.nav, model.currentPath)))),
                .main(.id("main"), .raw(mainMark)),
                .footer(
                    .class("site"),
                    .p("Bluelamp · personal data is audited: every record you open is logged with your name."))
            )
        )
        // The content goes in where the mark is, as one copy: through Plot's buffers a large page was copied once for
        // each element around it. All text in the frame is escaped, so the mark cannot come from a name or a title.
        let frame = html.render()
        guard let mark = frame.range(of: mainMark) else { preconditionFailure("the layout lost its main mark") }
        var page = ""
        page.reserveCapacity(frame.utf8.count + content.html.utf8.count)
        page += frame[..<mark.lowerBound]
        page += content.html
        page += frame[mark.upperBound...]
        return page
    }

    private static let mainMark = "<!--bluelamp:main-->"

    /// The main navigation's HTML: rendered once for each menu and item marked current (a handful of role sets and a
    /// few dozen pages), then kept; it was most of the cost of the frame around a page.
    static func navigation(_ nav: [NavItem], current: String?) -> String {
        let key = NavKey(nav: nav, current: current)
        if let found = keptNavigation.withLock({ $0[key] }) { return found }
        let node: Node<HTML.BodyContext> = .nav(
            .class("site"), .ariaLabel("Main"),
            .ul(
                .forEach(nav) { item in
                    .li(
                        .a(
                            .href(item.href),
                            .if(item.href == current, .attribute(named: "aria-current", value: "page")),
                            .text(item.label)))
                }))
        let html = node.render()
        keptNavigation.withLock { kept in
            if kept.count >= 512 { kept.removeAll() }
            kept[key] = html
        }
        return html
    }

    private struct NavKey: Hashable {
        var nav: [NavItem]
        var current: String?
    }

    private static let keptNavigation = Mutex<[NavKey: String]>([:])

    static func isCurrent(_ href: String, _ path: String) -> Bool {
        href == "/" ? path == "/" : (path == href || path.hasPrefix(href + "/"))
    }

    /// The menu item the page is under: the longest address the path starts with, so `/investigations/supervision`
    /// is under "Supervision", not also under "My work" (`/investigations`).
    static func current(_ nav: [NavItem], _ path: String) -> String? {
        nav.map(\.href).filter { isCurrent(Self.pathOnly($0), path) }.max { pathOnly($0).count < pathOnly($1).count }
    }

    /// An address without its query.
    static func pathOnly(_ href: String) -> String { String(href.prefix { $0 != "?" }) }

    /// A list's CSV download: UTF-8, saved as `filename`, never cached (it may name officers or hold what a person
    /// may see only in their scope).
    static func csvDownload(_ body: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    /// A full HTML response for a page's content.
    static func response(_ content: PageContent, title: String, request: Request, status: HTTPResponseStatus = .ok)
        -> Response
    {
        response(RenderedContent(content), title: title, request: request, status: status)
    }

    /// A full HTML response for content already rendered.
    static func response(
        _ content: RenderedContent, title: String, request: Request, status: HTTPResponseStatus = .ok
    ) -> Response {
        let body = render(content, model: model(title: title, request: request))
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}

// MARK: - Small shared pieces

/// A problem with what a form sent: the field it belongs to (nil for one about the whole form), the text the error
/// summary shows ("Label: message.") and the message shown beside the field.
struct FormProblem: Sendable, Hashable {
    var field: String?
    var text: String
    var message: String

    init(field: String?, text: String, message: String? = nil) {
        self.field = field
        self.text = text
        self.message = message ?? text
    }

    /// A value refused by its field: "Label: refusal." in the summary, "Refusal." by the field.
    init(field: String, label: String, refusal: String) {
        self.init(
            field: field, text: "\(label): \(refusal).",
            message: refusal.prefix(1).uppercased() + refusal.dropFirst() + ".")
    }

    /// A use case's field errors as a form shows them: "Label: message." in the summary, "Message." by the field.
    static func from(_ errors: FieldErrors) -> [FormProblem] {
        errors.errors.map {
            FormProblem(
                field: $0.field, text: "\($0.label): \($0.message).",
                message: $0.message.prefix(1).uppercased() + $0.message.dropFirst() + ".")
        }
    }

    /// The message for `field` among `problems`, if any.
    static func message(_ problems: [FormProblem], field: String) -> String? {
        problems.first { $0.field == field }?.message
    }

    /// The page title for a form shown again with problems: "Error: " first, as the GOV.UK Design System asks, so a
    /// screen reader hears at once that the form was refused.
    static func title(_ title: String, _ problems: [FormProblem]) -> String {
        problems.isEmpty ? title : "Error: " + title
    }
}

enum Part {
    static func heading(_ title: String, _ subtitle: String? = nil) -> PageContent {
        .group(.h1(.text(title)), .unwrap(subtitle) { .p(.class("lede"), .text($0)) })
    }

    /// A hidden CSRF field for a form posted by a signed-in person.
    static func csrf(_ token: String?) -> PageContent {
        .input(.type(.hidden), .name(AccessMiddleware.csrfField), .value(token ?? ""))
    }

    static func flash(_ message: String?, kind: String = "notice") -> PageContent {
        .unwrap(message) {
            .div(
                .class("flash \(kind)"), .attribute(named: "role", value: kind == "error" ? "alert" : "status"),
                .text($0))
        }
    }

    /// The error summary of a form (in the manner of the GOV.UK Design System): each problem that belongs to a
    /// field links to it (`#field`, the id of the field's first input), so a keyboard or screen reader user goes
    /// straight there; the field shows the same message inline (`inlineError`).
    static func errorSummary(_ problems: [FormProblem]) -> PageContent {
        .if(
            !problems.isEmpty,
            .div(
                .class("flash error"), .attribute(named: "role", value: "alert"),
                .attribute(named: "aria-labelledby", value: "error-summary-title"),
                .h2(.id("error-summary-title"), "There is a problem"),
                .ul(
                    .forEach(problems) { problem in
                        .li(
                            .if(
                                problem.field != nil, .a(.href("#\(problem.field ?? "")"), .text(problem.text)),
                                else: .text(problem.text)))
                    })))
    }

    /// A field's own message under its label, "Error:" said to screen readers; nothing when it has none. Its id is
    /// `<field>-error`, for the field's `aria-describedby`.
    static func inlineError(_ problems: [FormProblem], field: String) -> PageContent {
        fieldError(id: field, FormProblem.message(problems, field: field))
    }

    static func errors(_ messages: [String]) -> PageContent {
        .if(
            !messages.isEmpty,
            .div(
                .class("flash error"), .attribute(named: "role", value: "alert"),
                .h2("There is a problem"), .ul(.forEach(messages) { .li(.text($0)) })))
    }

    /// A labelled text field.
    /// `id` defaults to the name (give one when two forms on a page share a field name); `error`, when the form was
    /// refused for this field, is shown under the label and marks the input invalid.
    static func field(
        _ label: String, name: String, value: String = "", type: HTMLInputType = .text,
        required: Bool = false, hint: String? = nil, autocomplete: String? = nil, id: String? = nil,
        error: String? = nil
    ) -> PageContent {
        let id = id ?? name
        if type == .date || type == .datetimeLocal {
            return dateField(
                label, name: name, value: value, withTime: type == .datetimeLocal, required: required, hint: hint,
                id: id, error: error)
        }
        return .div(
            .class(error == nil ? "field" : "field field-error"),
            .label(.for(id), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), hintText($0)) },
            fieldError(id: id, error),
            .selfClosedElement(
                named: "input",
                attributes: inputAttributes(
                    type: type, name: name, value: value, required: required,
                    hint: hint, autocomplete: autocomplete, id: id, error: error))
        )
    }

    /// A date (or a date and a time) asked for as day, month and year boxes under one question (`DateInput`).
    /// A hint given replaces the "For example" one.
    static func dateField(
        _ label: String, name: String, value: String, withTime: Bool, required: Bool, hint: String?, id: String,
        error: String?
    ) -> PageContent {
        // The field's own hint, if any, then how to write the date; a hint naming a format for one box is dropped.
        let own = hint.flatMap { $0.contains("YYYY") ? nil : $0 }
        let hint = [own, DateInput.hint(withTime: withTime) + "."].compactMap { $0 }.joined(separator: " ")
        return .div(
            .class(error == nil ? "field" : "field field-error"),
            DateInput.fieldset(
                legend: label, describedBy: describedBy(id: id, hint: true, error: error != nil),
                .p(.class("hint"), .id("\(id)-hint"), hintText(hint)),
                fieldError(id: id, error),
                DateInput.boxes(
                    name: name, id: id, value: value, withTime: withTime, required: required, describedBy: nil,
                    invalid: error != nil)))
    }

    /// A hint's text, with what a person types exactly (written between backticks: "e.g. `officer:42`") set as code.
    static func hintText(_ hint: String) -> PageContent {
        let parts = hint.components(separatedBy: "`")
        return .group(
            parts.enumerated().map { index, part -> PageContent in
                index % 2 == 1 ? .element(named: "code", text: part) : .text(part)
            })
    }

    static func inputAttributes(
        type: HTMLInputType, name: String, value: String, required: Bool, hint: String?,
        autocomplete: String?, id: String? = nil, error: String? = nil
    ) -> [Attribute<HTML.InputContext>] {
        let id = id ?? name
        var attributes: [Attribute<HTML.InputContext>] = [.type(type), .name(name), .id(id), .value(value)]
        if required { attributes.append(.required(true)) }
        if let described = describedBy(id: id, hint: hint != nil, error: error != nil) {
            attributes.append(.attribute(named: "aria-describedby", value: described))
        }
        if error != nil { attributes.append(.attribute(named: "aria-invalid", value: "true")) }
        if let autocomplete { attributes.append(.attribute(named: "autocomplete", value: autocomplete)) }
        return attributes
    }

    /// The ids of a field's hint and error message, for its `aria-describedby`; nil when it has neither.
    static func describedBy(id: String, hint: Bool, error: Bool) -> String? {
        let ids = (hint ? ["\(id)-hint"] : []) + (error ? ["\(id)-error"] : [])
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    /// A field's error message (`<id>-error`), "Error:" said to screen readers; nothing when there is none.
    static func fieldError(id: String, _ error: String?) -> PageContent {
        .unwrap(error) {
            .p(
                .class("error-message"), .id("\(id)-error"), .span(.class("visually-hidden"), .text("Error: ")),
                .text($0))
        }
    }

    /// A labelled select of (value, label) options. `id` defaults to the name; give one when a page holds two
    /// selects of the same name (two forms), so that each id is unique.
    static func select(
        _ label: String, name: String, options: [(String, String)], selected: String?, includeAny: String? = nil,
        id: String? = nil, error: String? = nil
    ) -> PageContent {
        .div(
            .class(error == nil ? "field" : "field field-error"),
            .label(.for(id ?? name), .text(label)),
            fieldError(id: id ?? name, error),
            .select(
                .attribute(named: "name", value: name), .attribute(named: "id", value: id ?? name),
                .attribute(named: "aria-invalid", value: error == nil ? "" : "true"),
                .attribute(
                    named: "aria-describedby",
                    value: describedBy(id: id ?? name, hint: false, error: error != nil) ?? ""),
                .unwrap(includeAny) { option(value: "", label: $0, selected: selected == nil || selected == "") },
                .forEach(options) { option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
            )
        )
    }

    static func option(value: String, label: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(
            named: "option",
            nodes: [
                .attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
                selected ? .attribute(named: "selected") : .empty, .text(label),
            ])
    }

    /// A list's pages: what this page shows of how many, and links to the pages either side. Every paged list uses
    /// it, whether it pages by position (`pager(basePath:…)`) or by keyset (the crime list, the audit log).
    struct Pager {
        /// "Showing 1–50 of 1,234"; nil where the list is not counted.
        var summary: String?
        var previous: (href: String, label: String)?
        var next: (href: String, label: String)?
    }

    static func pager(_ pager: Pager) -> PageContent {
        .nav(
            .class("pager"), .ariaLabel("Pages"),
            .unwrap(pager.summary) { .p(.text($0)) },
            .unwrap(pager.previous) { .a(.href($0.href), .attribute(named: "rel", value: "prev"), .text($0.label)) },
            .unwrap(pager.next) { .a(.href($0.href), .attribute(named: "rel", value: "next"), .text($0.label)) }
        )
    }

    /// The pager of a list paged by position (`offset`), counted in full.
    static func pager(basePath: String, query: [(String, String)], offset: Int, limit: Int, total: Int) -> PageContent {
        func link(_ newOffset: Int) -> String {
            var items = query.filter { !$0.1.isEmpty && $0.0 != "offset" }
            if newOffset > 0 { items.append(("offset", String(newOffset))) }
            return Paths.address(basePath, query: items.map { ($0.0, $0.1) })
        }
        let shownTo = min(offset + limit, total)
        return pager(
            Pager(
                summary: total == 0
                    ? "No results"
                    : "Showing \((offset + 1).formatted())–\(shownTo.formatted()) of \(total.formatted())",
                previous: offset > 0 ? (link(max(0, offset - limit)), "← Previous") : nil,
                next: shownTo < total ? (link(offset + limit), "Next →") : nil))
    }
}
