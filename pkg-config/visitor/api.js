// The module-level API of both builds (the ES module and the classic script): one visitor
// scorer per page, started by `init(options)`, and functions that reach it.
import { createVisitor } from "./visitor.js";

/** `init` and the functions that act on the visitor it started, for an engine (see engine.js). */
export function visitorApi(engine) {
  let visitor = null;
  const started = () => {
    if (!visitor) throw new Error("leadscore visitor: call init(options) first");
    return visitor;
  };
  return {
    /** Starts the visitor scorer (a second call replaces the first) and returns it. */
    init(options) {
      visitor?.destroy();
      visitor = createVisitor(options, engine);
      return visitor;
    },
    /** The started visitor's first result (see `Visitor.ready`). */
    ready: () => started().ready,
    track: (type, props) => started().track(type, props),
    pageView: () => started().pageView(),
    setAttributes: (attributes) => started().setAttributes(attributes),
    consent: () => started().consent(),
    forget: () => started().forget(),
    getScore: () => visitor?.getScore() ?? null,
    events: () => started().events(),
    status: () => started().status(),
  };
}
