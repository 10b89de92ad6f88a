// Open Door: accessible names and values for the workbook's ipywidgets.
//
// ipywidgets 8 has no trait for a slider's accessible name or for aria-valuetext,
// and its noUiSlider handles get neither. This script fills them in, in JupyterLab,
// in the app (Voila) and in the exported site alike: workbook/views/accessible.py
// ships it as an application/javascript output inside a hidden Output widget, the
// one way of running a script that all three render (HTML widgets and Markdown never
// run scripts). It is run with `config` = {css, scales}, once per view that carries
// it; only the first run starts the observer, later runs add their scales.
//
// What it does, for every ipywidget on the page (nothing outside them is touched):
// * slider handles (role="slider") are named by the widget's tooltip (the question)
//   or else its label, and say their value in the scale's words, from
//   config.scales[key] for a widget with the class "od-scale-<key>"; noUiSlider
//   rewrites aria-valuetext on every move, so a MutationObserver puts ours back
//   at once (in the same task, before a screen reader reads it);
// * the editable readout next to a slider gets the same name;
// * radio buttons become one named radio group (role="radiogroup", aria-labelledby
//   its label; one name, so the arrow keys move between them);
// * a text box whose only name is its tooltip is named by that tooltip;
// * a chart image gets its alt text from the data-alt of the hidden element a view
//   put beside it;
// * the workbook's widget stylesheet (focus rings, phone layout) is added once.
(function (config) {
  "use strict";
  const od = (window.openDoorWidgets = window.openDoorWidgets || { scales: {}, started: false });
  Object.assign(od.scales, config.scales || {});
  if (config.css && !document.getElementById("open-door-widgets-style")) {
    const style = document.createElement("style");
    style.id = "open-door-widgets-style";
    style.textContent = config.css;
    document.head.appendChild(style);
  }
  if (od.started) {
    od.refresh();
    return;
  }
  od.started = true;

  let made = 0;
  const idOf = (element) => element.id || (element.id = "od-widget-" + ++made);
  // Set only what differs: our own changes wake the observer, and then change nothing.
  const set = (element, name, value) => {
    if (value === null || value === undefined || value === "") {
      if (element.hasAttribute(name)) element.removeAttribute(name);
    } else if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  };
  const ownLabel = (widget) => widget.querySelector(":scope > .widget-label");
  const nameOf = (widget) => {
    const title = widget.getAttribute("title");
    if (title && title.trim()) return title.trim();
    const label = ownLabel(widget);
    return label && label.textContent.trim() ? label.textContent.trim() : null;
  };
  // The element a view named as this control's question (class "od-labelledby-<id>").
  const questionOf = (widget) => {
    for (const name of widget.classList) {
      if (name.startsWith("od-labelledby-")) {
        const id = name.slice("od-labelledby-".length);
        if (document.getElementById(id)) return id;
      }
    }
    return null;
  };
  // Name `control` by the view's question, else the tooltip, else the widget's label.
  const name = (control, widget) => {
    const question = questionOf(widget);
    const label = ownLabel(widget);
    // ipywidgets puts a tooltip on the widget, or on a text box's own <input>.
    const title = widget.getAttribute("title") || control.getAttribute("title");
    if (question) {
      set(control, "aria-labelledby", question);
      set(control, "aria-label", null);
    } else if (title && title.trim()) {
      set(control, "aria-labelledby", null);
      set(control, "aria-label", title.trim());
    } else if (label && label.textContent.trim()) {
      set(control, "aria-labelledby", idOf(label));
      set(control, "aria-label", null);
    }
  };
  const scaleOf = (widget) => {
    for (const name of widget.classList) {
      if (name.startsWith("od-scale-")) return od.scales[name.slice("od-scale-".length)];
    }
    return null;
  };

  function slider(widget) {
    const texts = scaleOf(widget);
    for (const handle of widget.querySelectorAll('[role="slider"]')) {
      name(handle, widget);
      const now = Math.round(parseFloat(handle.getAttribute("aria-valuenow")));
      const low = Math.round(parseFloat(handle.getAttribute("aria-valuemin")));
      const text = texts && Number.isFinite(now) ? texts[now - (low || 0)] : null;
      if (text) set(handle, "aria-valuetext", text);
    }
    const readout = widget.querySelector(".widget-readout");
    if (readout) name(readout, widget);
  }

  function radios(widget) {
    const box = widget.querySelector(".widget-radio-box");
    if (!box) return;
    const label = ownLabel(widget);
    set(box, "role", "radiogroup");
    if (label && label.textContent.trim()) {
      set(box, "aria-labelledby", idOf(label));
    } else {
      set(box, "aria-label", nameOf(widget));
    }
    const group = idOf(box);
    for (const input of box.querySelectorAll('input[type="radio"]')) set(input, "name", group);
  }

  function textBox(widget) {
    const label = ownLabel(widget);
    const question = questionOf(widget);
    if (!question && label && label.textContent.trim()) return; // a <label for> names it
    for (const input of widget.querySelectorAll("input, textarea")) {
      name(input, widget);
      // Named by the question on screen, the tooltip only repeats it (and would
      // count as a label made of a tooltip alone).
      if (question) input.removeAttribute("title");
    }
  }

  // A chart's text alternative is the text of a hidden element beside it (AltText
  // in accessible.py): it becomes the image's alt text.
  function image(widget) {
    const id = questionOf(widget);
    const source = id && document.getElementById(id);
    const alt = source && source.getAttribute("data-alt");
    if (alt && alt.trim()) set(widget, "alt", alt.trim());
  }

  const kinds = [
    [".widget-slider", slider],
    [".widget-radio", radios],
    [".widget-text, .widget-textarea", textBox],
    ["img.widget-image", image],
  ];
  const selector = kinds.map(([s]) => s).join(", ");

  function fix(widget) {
    for (const [match, apply] of kinds) if (widget.matches(match)) apply(widget);
  }

  od.refresh = () => document.querySelectorAll(selector).forEach(fix);

  const observer = new MutationObserver((records) => {
    const touched = new Set();
    let added = false;
    for (const record of records) {
      if (record.type === "childList") {
        if (record.addedNodes.length) added = true;
      } else if (record.target instanceof Element) {
        const widget = record.target.closest(selector);
        if (widget) touched.add(widget);
      }
    }
    if (added) od.refresh();
    else touched.forEach(fix);
  });
  observer.observe(document.body, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["aria-valuenow", "aria-valuetext", "title", "class"],
  });
  od.refresh();
})
