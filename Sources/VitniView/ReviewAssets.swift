/// The review page's script and style, served from the binary: no CDN, no build step.
enum ReviewAssets {
    static let script = """
        "use strict";
        """
    static let style = """
        body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #111; }
        """
}
