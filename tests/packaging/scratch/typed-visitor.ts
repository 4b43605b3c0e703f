// Type-checks `leadscore/visitor`'s declarations under moduleResolution "bundler".
import { init, type Visitor, type VisitorStatus } from "leadscore/visitor";

const visitor: Visitor = init({ modelUrl: "/model.json", requireConsent: true, forms: { fields: ["role"] } });
document.addEventListener("leadscore:mql", (event) => {
  const total: number = event.detail.result.total;
  console.log(total);
});
const status: VisitorStatus = visitor.status();
// @ts-expect-error an unknown option
init({ modelUrl: "/model.json", requireConsnet: true });
// @ts-expect-error track takes an event type
visitor.track(42);

export { status };
