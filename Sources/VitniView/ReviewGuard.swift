import Hummingbird

/// Applies `ReviewAccess` to every request and the review room's headers to every response:
/// a strict Content-Security-Policy (nothing from elsewhere, no inline script), and
/// `Cache-Control: no-store`, so the browser's disk cache never holds evidence.
struct ReviewGuard<Context: RequestContext>: RouterMiddleware {
    let access: ReviewAccess
    let activity: ReviewActivity

    static var headers: HTTPFields { RoomHeaders.strict }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        activity.touch()
        let decision = access.decide(
            host: request.head.authority, origin: request.headers[.origin],
            fetchSite: request.headers[.init("Sec-Fetch-Site")!],
            cookie: request.headers[values: .cookie].joined(separator: "; "),
            token: request.uri.queryParameters["token"].map(String.init))
        var response: Response
        switch decision {
        case .allow:
            response = try await next(request, context)
        case .admit(let cookie):
            response = Response(status: .seeOther, headers: [.location: request.uri.path, .setCookie: cookie])
        case .refuse(let reason):
            response = Response(
                status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "403 Forbidden: \(reason)\n")))
        }
        // A route may narrow the policy for its own page (the certificate's inline style).
        for field in Self.headers where response.headers[field.name] == nil {
            response.headers[field.name] = field.value
        }
        return response
    }
}
