/**
 * The card's styles, adopted into its shadow root. Sizes are in px, never rem, so
 * a host's `html { font-size }` cannot scale the card; `:host` resets every
 * inherited property with `!important`, which wins over the host page's own
 * `!important` rules for the host element (CSS Cascade 4, encapsulation contexts).
 */
export const css = `
:host{all:initial!important;display:block!important;
--_accent:var(--surveylet-accent,#1d5fd6);--_on-accent:#fff;--_bg:var(--surveylet-bg,#fff);
--_fg:var(--surveylet-fg,#1f2328);--_muted:var(--surveylet-muted,#57606a);--_line:#8a939d;
--_radius:var(--surveylet-radius,12px);--_shadow:var(--surveylet-shadow,0 8px 28px rgba(0,0,0,.22));
--_font:var(--surveylet-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif);
--_target:24px}
:host([data-scheme=dark]){--_accent:var(--surveylet-accent,#8ab4f8);--_on-accent:#10141a;
--_bg:var(--surveylet-bg,#1d1f23);--_fg:var(--surveylet-fg,#eef1f4);--_muted:var(--surveylet-muted,#aab2bc);--_line:#737d88}
@media (prefers-color-scheme:dark){:host([data-scheme=auto]){--_accent:var(--surveylet-accent,#8ab4f8);
--_on-accent:#10141a;--_bg:var(--surveylet-bg,#1d1f23);--_fg:var(--surveylet-fg,#eef1f4);
--_muted:var(--surveylet-muted,#aab2bc);--_line:#737d88}}
@media (pointer:coarse){:host{--_target:44px}}
*{box-sizing:border-box;margin:0}
.card{font:400 15px/1.45 var(--_font);color:var(--_fg);background:var(--_bg);border:1px solid var(--_line);
border-radius:var(--_radius);box-shadow:var(--_shadow);padding:16px;width:min(400px,calc(100vw - 32px));
max-height:calc(100vh - 32px);overflow:auto;text-align:start;position:relative}
.popover{position:fixed;inset:auto;margin:0;z-index:var(--surveylet-z,2147483000)}
.bottom-right{bottom:calc(16px + var(--sl-keyboard,0px));right:16px}
.bottom-left{bottom:calc(16px + var(--sl-keyboard,0px));left:16px}
.top-right{top:16px;right:16px}.top-left{top:16px;left:16px}
.modal{margin:auto;position:fixed;inset:0;height:fit-content}
.modal::backdrop{background:rgba(0,0,0,.45)}
.inline{width:auto;max-width:560px;box-shadow:none;max-height:none}
@media (max-width:479px){.popover{left:0;right:0;bottom:var(--sl-keyboard,0px);top:auto;width:auto;border-radius:var(--_radius) var(--_radius) 0 0;
max-height:85vh}.modal{width:calc(100vw - 16px)}}
@media (prefers-reduced-motion:no-preference){.popover,.modal{animation:sl-in .18s ease-out}}
@keyframes sl-in{from{opacity:0;transform:translateY(8px)}}
.step{display:grid;gap:12px}
.question{font-weight:600;font-size:16px;padding-inline-end:36px;color:var(--_fg)}
.thanks{padding-block:8px;outline-offset:4px}
.close{position:absolute;top:8px;inset-inline-end:8px;width:max(32px,var(--_target));height:max(32px,var(--_target));
border:0;border-radius:8px;background:transparent;color:var(--_muted);font:400 22px/1 var(--_font);cursor:pointer;z-index:1}
.close:hover{color:var(--_fg);background:color-mix(in srgb,var(--_fg) 10%,transparent)}
.scale{display:grid;grid-template-columns:repeat(auto-fit,minmax(var(--_target),1fr));gap:4px}
.opt{min-width:var(--_target);min-height:max(36px,var(--_target));padding:0;border:1px solid var(--_line);border-radius:8px;
background:var(--_bg);color:var(--_fg);font:600 15px/1 var(--_font);cursor:pointer}
.opt:hover,.opt[aria-checked=true]{background:var(--_accent);border-color:var(--_accent);color:var(--_on-accent)}
.face{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:1.6;stroke-linecap:round;vertical-align:middle}
.face .eye{fill:currentColor;stroke:none}.scale-stars .opt{font-size:22px;color:var(--_muted)}
.scale-stars .opt.lit{color:var(--_accent)}
.scale-stars .opt:hover,.scale-stars .opt[aria-checked=true]{color:var(--_on-accent)}
.ends{display:flex;justify-content:space-between;gap:12px;margin-top:6px;font-size:13px;color:var(--_muted)}
.comment{width:100%;min-height:80px;padding:8px 10px;font:400 16px/1.4 var(--_font);color:var(--_fg);background:var(--_bg);
border:1px solid var(--_line);border-radius:8px;resize:vertical}
.error{color:var(--_fg);font-size:14px;font-weight:600}
.error::before{content:"⚠ ";color:#c62828}
.submit{justify-self:end;min-height:max(36px,var(--_target));padding:0 18px;border:1px solid var(--_accent);border-radius:8px;
background:var(--_accent);color:var(--_on-accent);font:600 15px/1 var(--_font);cursor:pointer}
:focus-visible{outline:3px solid var(--_accent);outline-offset:2px}
.opt:focus-visible{outline-offset:1px;box-shadow:0 0 0 5px var(--_bg)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (forced-colors:active){.card{border:1px solid CanvasText}
.opt[aria-checked=true],.opt:hover,.scale-stars .opt.lit{forced-color-adjust:none;background:Highlight;color:HighlightText;border-color:Highlight}}
`;
