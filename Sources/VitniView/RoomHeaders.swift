public import Hummingbird

/// The headers every response of both rooms carries: a strict Content-Security-Policy (nothing
/// from elsewhere, no inline script or style), `Cache-Control: no-store` so the browser's disk
/// cache never holds evidence, and no framing, sniffing or referrers.
public enum RoomHeaders {
    public static var strict: HTTPFields {
        [
            .cacheControl: "no-store",
            .contentSecurityPolicy:
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
                + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            .init("X-Content-Type-Options")!: "nosniff",
            .init("Referrer-Policy")!: "no-referrer",
            .init("Cross-Origin-Opener-Policy")!: "same-origin",
            .init("Cross-Origin-Resource-Policy")!: "same-origin",
            .init("X-Frame-Options")!: "DENY",
        ]
    }
}
