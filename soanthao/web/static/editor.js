/* soanthao editor page: a form generated from the spec's JSON Schema, a YAML tab, live
   diagnostics and a live preview (docx-preview). Vanilla JS, no build step.
   User-visible text is Vietnamese; identifiers and comments are English. */
"use strict";

(function () {
  // ---------------------------------------------------------------- constants
  const TEP = document.querySelector('meta[name="tep"]').content;
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const CHECK_DELAY = 400;

  // Short Vietnamese labels per spec key; context-specific ones as "Def.key".
  const LABELS = {
    loai_van_ban: "Loại văn bản", co_quan_ban_hanh: "Cơ quan ban hành", so: "Số văn bản", ky_hieu: "Ký hiệu",
    dia_danh: "Địa danh", ngay: "Ngày ban hành", nam: "Năm kế hoạch", giai_doan: "Giai đoạn",
    tam_nhin: "Tầm nhìn đến năm", trich_yeu: "Trích yếu (tên kế hoạch)", mo_dau: "Phần mở đầu",
    can_cu: "Căn cứ", phan: "Các phần", muc_dich: "Mục đích, yêu cầu", muc_tieu: "Mục tiêu", chi_tieu: "Chỉ tiêu",
    nhiem_vu: "Nhiệm vụ, giải pháp", phan_khac: "Phần khác", kinh_phi: "Kinh phí thực hiện",
    to_chuc_thuc_hien: "Tổ chức thực hiện", ket_thuc: "Đoạn kết", chu_thich: "Chú thích cuối trang",
    co_quan: "Cơ quan, đơn vị", noi_nhan: "Nơi nhận", luu: "Dòng “Lưu”", phat_hanh: "Ký hiệu phát hành",
    nguoi_ky: "Người ký", phu_luc: "Phụ lục", trinh_bay: "Trình bày",
    // Issuer
    "Issuer.chu_quan": "Cơ quan chủ quản", "Issuer.ten": "Tên cơ quan ban hành", "Issuer.viet_tat": "Viết tắt",
    "Issuer.tap_the": "Làm việc theo chế độ tập thể",
    // LeadIn
    "LeadIn.dan": "Từ dẫn", "LeadIn.ket": "Câu kết phần mở đầu", "LeadIn.phan_cach": "Dấu nối với câu kết",
    "LeadIn.moi_dong": "Mỗi căn cứ một đoạn",
    // Citation
    "Citation.dan": "Từ dẫn riêng", "Citation.loai": "Loại văn bản", "Citation.so_ky_hieu": "Số, ký hiệu",
    "Citation.ngay": "Ngày ban hành", "Citation.co_quan": "Cơ quan ban hành", "Citation.trich_yeu": "Trích yếu",
    // Parts and items
    tieu_de: "Tiêu đề", noi_dung: "Nội dung", chu_tri: "Chủ trì", phoi_hop: "Phối hợp", thoi_han: "Thời hạn",
    san_pham: "Sản phẩm", ghi_chu: "Ghi chú", so_lieu: "Số liệu", danh_so: "Cách đánh số mục con",
    khong_so: "Không đánh số mục này", chung: "Nhiệm vụ chung của mọi cơ quan", muc: "Các mục", loai: "Loại phần",
    "Item.co_quan": "Cơ quan được giao", "Part.chu_tri": "Chủ trì mặc định", "Section.chu_tri": "Chủ trì mặc định",
    "OtherPart.chu_tri": "Chủ trì mặc định",
    "Figure.gia_tri": "Con số", "Figure.don_vi": "Đơn vị", "Figure.nam_so_sanh": "So với năm",
    // Agency
    "Agency.ma": "Mã", "Agency.ten": "Tên đầy đủ", "Agency.ten_ngan": "Tên ngắn", "Agency.ten_khac": "Tên gọi khác",
    "Agency.de_nghi": "Đề nghị (không giao được)",
    // Recipient, archive, signer
    "Recipient.ten": "Tên nơi nhận", "Recipient.con": "Nơi nhận con",
    "Archive.don_vi": "Đơn vị soạn thảo", "Archive.so_ban": "Số bản lưu", "Archive.van_thu": "Văn thư",
    "Archive.dat_duoi": "Đặt dưới nơi nhận",
    "Signer.thay_mat": "Thay mặt (TM.)", "Signer.quyen_han": "Quyền hạn ký", "Signer.thu_truong": "Chức vụ người đứng đầu",
    "Signer.chuc_vu": "Chức vụ người ký", "Signer.chuc_vu_khac": "Chức vụ kiêm nhiệm", "Signer.ho_ten": "Họ và tên",
    "Signer.duoi_ten": "Dòng dưới họ tên",
    // Appendix, table
    "Appendix.tieu_de": "Tiêu đề phụ lục", "Appendix.tieu_de_phu": "Dòng tiêu đề phụ", "Appendix.dan_chieu": "Dòng “(Kèm theo …)”",
    "Appendix.ngang": "In trang ngang", "Appendix.noi_dung": "Đoạn trước bảng", "Appendix.bang": "Bảng",
    "Appendix.ket_thuc": "Đoạn sau bảng", "Appendix.bang_phan_cong": "Bảng phân công tự lập",
    "Table.cot": "Các cột", "Table.hang": "Các dòng", "Column.ten": "Tên cột", "Column.vai_tro": "Ý nghĩa cột",
    "Column.rong": "Độ rộng tương đối", "GroupRow.nhom": "Tên nhóm",
    // Layout
    "Layout.co_chu": "Cỡ chữ", "Layout.phu_luc_phan_cong": "In phụ lục bảng phân công", "Layout.danh_so": "Cách đánh số các phần",
  };

  // Vietnamese meaning of enum values, per key.
  const NUMBERING = { la_ma: "I., II., III. (số La Mã)", so: "1., 2., 3.", thap_phan: "1.1., 1.2. (thập phân)",
    chu: "a), b), c)", gach: "- (gạch đầu dòng)", cong: "+ (dấu cộng)", khong: "Không đánh số" };
  const ENUM_TEXT = {
    danh_so: NUMBERING,
    "Layout.danh_so": { la_ma: "I., II. (số La Mã, mặc định)", so: "1., 2. (không có phần La Mã)" },
    loai: { muc_dich: "Mục đích, yêu cầu", muc_tieu: "Mục tiêu", chi_tieu: "Chỉ tiêu", tinh_hinh: "Tình hình",
      nhiem_vu: "Nhiệm vụ, giải pháp", phan_cong: "Phân công", kinh_phi: "Kinh phí",
      to_chuc_thuc_hien: "Tổ chức thực hiện", bao_cao: "Báo cáo", khac: "Phần khác" },
    vai_tro: { stt: "Số thứ tự (tự đánh)", nhiem_vu: "Nhiệm vụ", chu_tri: "Chủ trì", phoi_hop: "Phối hợp",
      thoi_han: "Thời hạn", san_pham: "Sản phẩm", khac: "Khác" },
    quyen_han: { "KT.": "KT. (ký thay)", "TL.": "TL. (thừa lệnh)", "TUQ.": "TUQ. (thừa ủy quyền)", "Q.": "Q. (quyền)" },
    phan_cach: { ";": "; (dấu chấm phẩy)", ".": ". (dấu chấm)", ",": ", (dấu phẩy)" },
    loai_van_ban: { ke_hoach: "Kế hoạch" },
  };
  const ENUM_EMPTY = { danh_so: "Theo cấp (mặc định)", loai: "Tự nhận biết theo tiêu đề", vai_tro: "Tự nhận biết theo tên cột",
    quyen_han: "Ký trực tiếp" };

  const LONG_KEYS = new Set(["noi_dung", "trich_yeu", "ket", "ket_thuc", "san_pham", "ghi_chu", "tieu_de_phu", "dan_chieu"]);
  const ID_LIST_KEYS = new Set(["chu_tri", "phoi_hop", "co_quan"]);  // in Item
  const LEGACY_PARTS = ["muc_dich", "muc_tieu", "chi_tieu", "nhiem_vu", "kinh_phi", "to_chuc_thuc_hien"];
  const DEFAULT_TITLES = { muc_dich: "MỤC ĐÍCH, YÊU CẦU", muc_tieu: "MỤC TIÊU", chi_tieu: "CHỈ TIÊU",
    nhiem_vu: "NHIỆM VỤ, GIẢI PHÁP", kinh_phi: "KINH PHÍ THỰC HIỆN", to_chuc_thuc_hien: "TỔ CHỨC THỰC HIỆN",
    tinh_hinh: "TÌNH HÌNH", phan_cong: "PHÂN CÔNG", bao_cao: "CHẾ ĐỘ BÁO CÁO" };
  // Item fields shown under "Tùy chọn khác" unless they hold a value.
  const ITEM_ADVANCED = new Set(["so_lieu", "danh_so", "khong_so", "chung"]);

  // Top-level keys grouped into sections a clerk recognises; keys not listed go to the last group.
  const GROUPS = [
    ["Thông tin chung", ["co_quan_ban_hanh", "so", "ky_hieu", "dia_danh", "ngay", "nam", "giai_doan", "tam_nhin", "trich_yeu"]],
    ["Mở đầu và căn cứ", ["mo_dau", "can_cu"]],
    ["Nội dung kế hoạch", ["@parts", "ket_thuc", "chu_thich"]],
    ["Cơ quan, đơn vị được nêu", ["co_quan"]],
    ["Nơi nhận và người ký", ["noi_nhan", "luu", "phat_hanh", "nguoi_ky"]],
    ["Phụ lục", ["phu_luc"]],
    ["Trình bày", ["trinh_bay", "loai_van_ban"]],
  ];

  // ---------------------------------------------------------------- state
  const S = {
    schema: null, defs: {}, registry: [],
    data: null,          // the spec being edited (plain JSON), mutated in place by the form
    text: "",            // YAML text (the save would write this)
    version: null,
    source: "data",      // which representation the user edited last: "data" or "text"
    mode: "form",
    dirty: false, editSeq: 0, savedSeq: 0,
    diagnostics: [], numbers: {},
    lastCheckData: undefined,  // data returned by the last check (YAML tab → form)
    checkTimer: null, checkSeq: 0, checkPromise: null,
    previewBusy: false, previewAgain: false, previewSeq: 0,
    collapsed: new WeakSet(),   // tree nodes (objects) shown collapsed
    openOptional: new Set(),    // paths of optional objects the user asked to add but left empty
    pdf: { available: false, message: "" },
    savedAt: null,
  };

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === "class") e.className = v;
        else if (k === "text") e.textContent = v;
        else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
        else if (k === "dataset") Object.assign(e.dataset, v);
        else e.setAttribute(k, v === true ? "" : v);
      }
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }

  // ---------------------------------------------------------------- HTTP
  async function api(method, url, body) {
    const opts = { method, headers: {} };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.headers["X-CSRF-Token"] = CSRF;
      opts.body = JSON.stringify(body);
    }
    let resp;
    try {
      resp = await fetch(url, opts);
    } catch (err) {
      const e = new Error("Không kết nối được với máy chủ soanthao (cửa sổ dòng lệnh còn chạy không?).");
      e.status = 0;
      throw e;
    }
    return resp;
  }

  async function apiJSON(method, url, body) {
    const resp = await api(method, url, body);
    let json = null;
    try { json = await resp.json(); } catch (_) { json = null; }
    if (!resp.ok) {
      const e = new Error((json && json.message) || `Máy chủ trả lỗi ${resp.status}.`);
      e.status = resp.status;
      e.json = json;
      throw e;
    }
    return json;
  }

  function stateBody(extra) {
    const body = { tep: TEP };
    if (S.source === "text") body.text = S.text; else body.data = S.data;
    // /api/kiem-tra writes the YAML of form data only when asked (the YAML tab needs it)
    return Object.assign(body, extra || {});
  }

  // ---------------------------------------------------------------- status line
  function setStatus(text, kind) {
    const s = $("#status");
    s.textContent = text;
    s.className = "status" + (kind ? " " + kind : "");
  }

  function hhmm(d) {
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  function refreshStatus() {
    if (S.dirty) setStatus(S.savedAt ? `Có thay đổi chưa lưu (lưu lần cuối lúc ${hhmm(S.savedAt)})` : "Có thay đổi chưa lưu", "dirty");
    else if (S.savedAt) setStatus(`Đã lưu lúc ${hhmm(S.savedAt)}`, "ok");
    else setStatus("Chưa có thay đổi", "");
  }

  // ---------------------------------------------------------------- schema helpers
  function refName(ref) { return ref.split("/").pop(); }

  function deref(s) {
    // Follow $ref, keeping the outer description.
    let out = s || {};
    let name = null;
    while (out && out.$ref) {
      name = refName(out.$ref);
      const target = S.defs[name] || {};
      out = Object.assign({}, target, out.description ? { description: out.description } : {}, { $def: name });
      delete out.$ref;
    }
    return out;
  }

  // Options of a union, without null; and whether null is allowed.
  function unionOf(s) {
    if (!s.anyOf) return { options: [s], nullable: false };
    const options = s.anyOf.filter((o) => o.type !== "null");
    return { options: options.map((o) => (o.$ref ? deref(o) : o)), nullable: options.length < s.anyOf.length };
  }

  function isStrArray(o) { return o.type === "array" && o.items && o.items.type === "string"; }

  function labelFor(key, defName, schema) {
    if (defName && LABELS[defName + "." + key]) return LABELS[defName + "." + key];
    if (LABELS[key]) return LABELS[key];
    const d = (schema && schema.description) || key;
    return d.length > 40 ? key : d;
  }

  // ---------------------------------------------------------------- text helpers
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function shortText(s, n) {
    s = String(s || "").replace(/\s+/g, " ").trim();
    return s.length > n ? s.slice(0, n - 1).replace(/\s+\S*$/, "") + "…" : s;
  }

  function isEmpty(v) {
    return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  }

  // ---------------------------------------------------------------- change tracking
  function changed() {
    S.source = "data";
    S.textStale = true;
    markDirty();
    scheduleCheck();
  }

  function markDirty() {
    S.editSeq++;
    S.dirty = true;
    refreshStatus();
  }

  // Write a value into parent[key]; empty optional values remove the key so the YAML stays clean.
  function setValue(parent, key, value, required) {
    if (Array.isArray(parent)) parent[key] = value;
    else if (!required && isEmpty(value)) delete parent[key];
    else parent[key] = value;
    changed();
  }

  // ---------------------------------------------------------------- agencies
  function declaredAgencies() {
    return ((S.data && S.data.co_quan) || []).filter((a) => a && typeof a === "object");
  }

  function refreshDatalist() {
    const dl = $("#dl-agencies");
    dl.replaceChildren(...declaredAgencies().filter((a) => a.ma).map((a) => el("option", { value: a.ma, label: a.ten || a.ma })));
  }

  function agencyName(id) {
    const a = declaredAgencies().find((x) => x.ma === id);
    return a ? a.ten || a.ma : null;
  }

  // Registry entries for bodies that no longer exist, with a matcher over folded text.
  function prepareRegistry(list) {
    S.registry = (list || []).filter((r) => r && r.con_hieu_luc === false && r.ten).map((r) => {
      const pats = [];
      for (const m of r.mau || []) {
        try { pats.push(new RegExp(m.replace(/\(\?i\)/g, ""), "i")); } catch (_) { /* a Python-only pattern */ }
      }
      const name = fold(r.ten).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      pats.push(new RegExp("(^|[^a-z0-9])" + name + "($|[^a-z0-9])"));
      return Object.assign({}, r, { pats });
    });
  }

  function planYear() {
    const d = S.data || {};
    if (d.nam) return Number(d.nam);
    const m = /(\d{4})\s*$/.exec(String(d.ngay || ""));
    return m ? Number(m[1]) : null;
  }

  function formatDate(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : String(iso || "");
  }

  function registryMatches(text) {
    if (!text || !S.registry.length) return [];
    const f = fold(text);
    return S.registry.filter((r) => r.pats.some((p) => p.test(f)));
  }

  function showRegistryHint(wrapper, text) {
    if (!wrapper) return;
    let box = wrapper.querySelector(":scope > .registry-hint");
    const year = planYear();
    // A plan of a year before the change may name the old province; its old bodies are shown greyed.
    const found = registryMatches(text).filter((r) => !(r.tinh && year && r.den && year < Number(String(r.den).slice(0, 4))));
    if (!found.length) { if (box) box.remove(); return; }
    if (!box) { box = el("div", { class: "registry-hint" }); wrapper.append(box); }
    box.replaceChildren(...found.map((r) => {
      const before = year && r.den && year < Number(String(r.den).slice(0, 4));
      const msg = `${r.tinh ? "Địa danh" : "Cơ quan"} này không còn từ ${formatDate(r.den)}` + (r.ke_thua ? ` — nay là ${r.ke_thua}` : "");
      return el("div", { class: "hint-line" + (before ? " past" : ""), title: before ? "Kế hoạch này lập trước khi cơ quan thay đổi." : null },
        (found.length > 1 ? r.ten + ": " : "") + msg);
    }));
  }

  // ---------------------------------------------------------------- form building
  function fieldWrapper(path, label, description, required, extraClass) {
    const w = el("div", { class: "field" + (extraClass ? " " + extraClass : ""), dataset: { path } });
    if (label !== null) {
      const lab = el("label", { class: "field-label", title: description || null }, label, required ? el("span", { class: "req", title: "Bắt buộc" }, " *") : null);
      w.append(lab);
    }
    return w;
  }

  // The description shows in the help bar under the form while the field has focus (no layout shift).
  function attachHint(w, description) {
    if (description) w.dataset.hint = description;
  }

  function uid() { return "f" + Math.random().toString(36).slice(2, 9); }

  function linkLabel(w, control) {
    const lab = w.querySelector(":scope > .field-label");
    if (lab && control) {
      control.id = control.id || uid();
      lab.setAttribute("for", control.id);
    }
  }

  function autoGrow(t) {
    t.classList.add("grow");
  }

  // A text input or textarea bound to parent[key].
  function stringControl(parent, key, schema, opts) {
    const long = opts.long;
    const value = parent[key];
    const c = long ? el("textarea", { rows: 2 }) : el("input", { type: "text" });
    c.value = value === undefined || value === null ? "" : String(value);
    if (schema && schema.default !== undefined && schema.default !== null && typeof schema.default !== "object") c.placeholder = String(schema.default);
    if (opts.placeholder) c.placeholder = opts.placeholder;
    if (opts.list) c.setAttribute("list", opts.list);
    if (long) autoGrow(c);
    c.addEventListener("input", () => {
      let v = c.value;
      if (opts.printedNumber && typeof parent[key] === "number" && /^[1-9]\d*$/.test(v)) v = Number(v);
      setValue(parent, key, v, opts.required);
      if (opts.onInput) opts.onInput(v);
      showRegistryHint(c.closest(".field"), c.value);
    });
    return c;
  }

  function buildField(parent, key, schema, path, ctx) {
    schema = deref(schema);
    const defName = ctx.def || "";
    const required = !!ctx.required;
    const label = labelFor(key, defName, schema);
    const desc = schema.description || "";
    const kind = classify(key, schema, ctx);
    switch (kind.type) {
      case "tree": return buildTree(parent, key, path, ctx);
      case "idlist": return buildIdList(parent, key, path, label, desc);
      case "agency": return buildAgencyInput(parent, key, path, label, desc, required);
      case "note": return buildNote(parent, key, path, label, desc);
      case "paragraphs": return buildParagraphs(parent, key, path, label, desc, required);
      case "enum": return buildEnum(parent, key, path, label, desc, kind, required);
      case "tristate": return buildTristate(parent, key, path, label, desc);
      case "checkbox": return buildCheckbox(parent, key, path, label, desc, kind);
      case "number": return buildNumber(parent, key, path, label, desc, kind, required);
      case "object": return buildObject(parent, key, path, label, desc, kind.schema, required || !kind.optional, kind.optional);
      case "dict": return buildDict(parent, key, path, label, desc);
      case "strlist": return buildStrList(parent, key, path, label, desc);
      case "objlist": return buildObjList(parent, key, path, label, desc, kind.schema);
      case "unionlist": return buildUnionList(parent, key, path, label, desc, kind);
      case "rowlist": return buildRowList(parent, key, path, label, desc);
      case "string": {
        const long = LONG_KEYS.has(key) || !!kind.long;
        const wide = long || key === "tieu_de" || key === "tieu_de_phu";
        const w = fieldWrapper(path, label, desc, required, wide ? "" : "half");
        const c = stringControl(parent, key, schema, { long, required, printedNumber: kind.printedNumber });
        w.append(c);
        linkLabel(w, c);
        attachHint(w, desc);
        showRegistryHint(w, c.value);
        return w;
      }
      default: return buildRaw(parent, key, path, label, desc);
    }
  }

  function classify(key, schema, ctx) {
    const def = ctx.def || "";
    if (key === "muc" && ["Item", "Part", "Section", "OtherPart", "Appendix"].includes(def)) return { type: "tree" };
    if (def === "Item" && ID_LIST_KEYS.has(key)) return { type: "idlist" };
    if (key === "chu_tri" && ["Part", "Section", "OtherPart"].includes(def)) return { type: "agency" };
    if (def === "Item" && key === "ghi_chu") return { type: "note" };
    const { options, nullable } = unionOf(schema);
    const types = options.map((o) => o.type || (o.properties ? "object" : undefined));
    if (options.length === 2 && types.includes("string") && options.some(isStrArray)) return { type: "paragraphs" };
    if (options.length === 2 && types.includes("integer") && types.includes("string")) return { type: "string", printedNumber: true };
    if (options.length === 1) {
      const o = options[0];
      if (o.enum) return { type: "enum", values: o.enum, nullable, def: o.default !== undefined ? o.default : schema.default };
      if (o.const !== undefined) return { type: "enum", values: [o.const], nullable };
      if (o.type === "boolean") return nullable ? { type: "tristate" } : { type: "checkbox", def: schema.default };
      if (o.type === "string") return { type: "string" };
      if (o.type === "number" || o.type === "integer") return { type: "number", integer: o.type === "integer", min: o.minimum, max: o.maximum };
      if (o.type === "object" && o.properties) return { type: "object", schema: o, optional: nullable || !ctx.required };
      if (o.properties) return { type: "object", schema: o, optional: nullable || !ctx.required };
      if (o.type === "object" && o.additionalProperties) return { type: "dict" };
      if (o.type === "array") {
        const it = o.items || {};
        if (it.type === "string") return { type: "strlist" };
        if (it.$ref) return { type: "objlist", schema: deref(it) };
        if (it.anyOf) {
          const opts = it.anyOf.map((x) => (x.$ref ? deref(x) : x));
          if (opts.length === 2 && opts.some((x) => x.type === "string") && opts.some((x) => x.properties))
            return { type: "unionlist", schema: opts.find((x) => x.properties) };
          if (opts.length === 2 && opts.some(isStrArray) && opts.some((x) => x.properties)) return { type: "rowlist" };
        }
      }
    }
    return { type: "raw" };
  }

  // Fallback for anything the form does not know: JSON in a textarea.
  function buildRaw(parent, key, path, label, desc) {
    const w = fieldWrapper(path, label, desc, false);
    const t = el("textarea", { class: "mono grow", rows: 2 });
    t.value = parent[key] === undefined ? "" : JSON.stringify(parent[key]);
    t.addEventListener("input", () => {
      if (t.value.trim() === "") { setValue(parent, key, undefined, false); t.classList.remove("bad"); return; }
      try { setValue(parent, key, JSON.parse(t.value), false); t.classList.remove("bad"); } catch (_) { t.classList.add("bad"); }
    });
    w.append(t);
    linkLabel(w, t);
    attachHint(w, desc + " (ghi theo dạng JSON)");
    return w;
  }

  function buildEnum(parent, key, path, label, desc, kind, required) {
    const w = fieldWrapper(path, label, desc, required, "half");
    const texts = ENUM_TEXT[(currentDef(path) || "") + "." + key] || ENUM_TEXT[key] || {};
    const sel = el("select");
    const cur = parent[key];
    const hasDefault = kind.def !== undefined && kind.def !== null;
    if (kind.nullable || !hasDefault) sel.append(el("option", { value: "" }, ENUM_EMPTY[key] || (hasDefault ? "Mặc định" : "— chọn —")));
    kind.values.forEach((v, i) => {
      let t = texts[v] || String(v);
      if (hasDefault && v === kind.def) t += " — mặc định";
      sel.append(el("option", { value: String(i) }, t));
    });
    const idx = kind.values.findIndex((v) => v === cur);
    sel.value = idx >= 0 ? String(idx) : (cur === undefined || cur === null ? (kind.nullable || !hasDefault ? "" : String(kind.values.indexOf(kind.def))) : "");
    sel.addEventListener("change", () => {
      setValue(parent, key, sel.value === "" ? undefined : kind.values[Number(sel.value)], false);
    });
    w.append(sel);
    linkLabel(w, sel);
    attachHint(w, desc);
    return w;
  }

  // The $def name of the object that holds `path` (set on object wrappers while building).
  let defStack = [];
  function currentDef() { return defStack[defStack.length - 1]; }

  function buildTristate(parent, key, path, label, desc) {
    const w = fieldWrapper(path, label, desc, false, "half");
    const sel = el("select", {}, el("option", { value: "" }, "Tự nhận biết"), el("option", { value: "true" }, "Có"), el("option", { value: "false" }, "Không"));
    sel.value = parent[key] === true ? "true" : parent[key] === false ? "false" : "";
    sel.addEventListener("change", () => setValue(parent, key, sel.value === "" ? undefined : sel.value === "true", false));
    w.append(sel);
    linkLabel(w, sel);
    attachHint(w, desc);
    return w;
  }

  function buildCheckbox(parent, key, path, label, desc, kind) {
    const w = fieldWrapper(path, null, desc, false, "check");
    const cb = el("input", { type: "checkbox", id: uid() });
    cb.checked = parent[key] === undefined ? !!kind.def : !!parent[key];
    cb.addEventListener("change", () => {
      // Back to the default: drop the key.
      setValue(parent, key, cb.checked === !!kind.def ? undefined : cb.checked, false);
    });
    w.append(el("label", { class: "check-label", for: cb.id, title: desc || null }, cb, " " + label));
    attachHint(w, desc);
    return w;
  }

  function buildNumber(parent, key, path, label, desc, kind, required) {
    const w = fieldWrapper(path, label, desc, required, "narrow");
    const c = el("input", { type: "number", step: kind.integer ? "1" : "any", min: kind.min, max: kind.max });
    c.value = parent[key] === undefined || parent[key] === null ? "" : String(parent[key]);
    c.addEventListener("input", () => {
      if (c.value === "") { setValue(parent, key, undefined, required); return; }
      const n = Number(c.value);
      if (!Number.isNaN(n)) setValue(parent, key, n, required);
    });
    w.append(c);
    linkLabel(w, c);
    attachHint(w, desc);
    return w;
  }

  // Paragraphs (str | list[str]): one textarea per paragraph.
  function buildParagraphs(parent, key, path, label, desc, required) {
    const w = fieldWrapper(path, label, desc, required, "paragraphs");
    const wasString = typeof parent[key] === "string" || parent[key] === undefined;
    let paras = parent[key] === undefined || parent[key] === null ? [] : (typeof parent[key] === "string" ? [parent[key]] : parent[key].slice());
    const box = el("div", { class: "para-list" });
    const write = () => {
      let v;
      if (paras.length === 0) v = undefined;
      else if (paras.length === 1 && wasString) v = paras[0];
      else v = paras.slice();
      setValue(parent, key, v, required);
    };
    const draw = (focusIndex) => {
      box.replaceChildren();
      const shown = paras.length ? paras : [""];
      shown.forEach((p, i) => {
        const t = el("textarea", { rows: 2, class: "grow", "aria-label": shown.length > 1 ? `${label}, đoạn ${i + 1}` : label });
        t.value = p;
        t.addEventListener("input", () => {
          if (!paras.length) paras = [""];
          paras[i] = t.value;
          if (paras.length === 1 && paras[0] === "") paras = [];
          write();
          showRegistryHint(w, paras.join("\n"));
        });
        const row = el("div", { class: "para", dataset: paras.length > 1 ? { path: path + "/" + i } : {} }, t);
        if (shown.length > 1) {
          row.append(el("button", { type: "button", class: "icon", title: "Xóa đoạn này", "aria-label": "Xóa đoạn này",
            onclick: async () => {
              if (paras[i] && !(await confirmBox("Xóa đoạn văn này?"))) return;
              paras.splice(i, 1); write(); draw();
            } }, "✕"));
        }
        box.append(row);
        if (i === focusIndex) setTimeout(() => t.focus(), 0);
      });
      if (!w.querySelector(":scope > .field-label[for]") && box.querySelector("textarea")) linkLabel(w, box.querySelector("textarea"));
    };
    draw();
    w.append(box, el("button", { type: "button", class: "small ghost add", onclick: () => {
      if (!paras.length) paras = [""];
      paras.push(""); write(); draw(paras.length - 1);
    } }, "+ đoạn"));
    attachHint(w, desc);
    showRegistryHint(w, paras.join("\n"));
    return w;
  }

  // A single agency id (Part.chu_tri).
  function buildAgencyInput(parent, key, path, label, desc, required) {
    const w = fieldWrapper(path, label, desc, required, "agency");
    const c = stringControl(parent, key, {}, { list: "dl-agencies", required, placeholder: "mã hoặc tên cơ quan",
      onInput: () => agencyNote(w, c.value) });
    c.addEventListener("change", () => { const id = idFromName(c.value); if (id !== c.value) { c.value = id; setValue(parent, key, id, required); agencyNote(w, id); } });
    w.append(c);
    linkLabel(w, c);
    agencyNote(w, c.value);
    attachHint(w, desc);
    return w;
  }

  function idFromName(v) {
    const f = fold(v).trim();
    if (!f) return v;
    const a = declaredAgencies().find((x) => fold(x.ten) === f || fold(x.ten_ngan) === f || (x.ten_khac || []).some((n) => fold(n) === f));
    return a ? a.ma : v;
  }

  // Shows the declared name of an id, or a hint when it is not declared.
  function agencyNote(container, id, slot) {
    let n = (slot || container).querySelector(":scope > .agency-note");
    if (!n) { n = el("div", { class: "agency-note" }); (slot || container).append(n); }
    const v = String(id || "").trim();
    n.classList.remove("unknown");
    if (!v) { n.textContent = ""; return; }
    const name = agencyName(v);
    if (name) n.textContent = name;
    else {
      n.textContent = "Chưa có trong danh sách cơ quan — chọn từ danh sách gợi ý, hoặc khai báo ở mục “Cơ quan, đơn vị được nêu”";
      n.classList.add("unknown");
    }
    // In a list of agencies the hint about a body that no longer exists goes under the whole list.
    const list = container.classList.contains("id-row") ? container.closest(".field.idlist") : null;
    if (list) idListHint(list);
    else if (!container.classList.contains("id-row")) showRegistryHint(container, v + " " + (name || ""));
  }

  function idListHint(w) {
    const text = $$(".id-row input", w).map((c) => { const v = c.value.trim(); return v ? v + " " + (agencyName(v) || "") : ""; })
      .filter(Boolean).join(" ; ");
    showRegistryHint(w, text);
  }

  // IdList (str | list[str]) of agency ids with a datalist.
  function buildIdList(parent, key, path, label, desc) {
    const w = fieldWrapper(path, label, desc, false, "idlist half");
    const wasString = typeof parent[key] === "string";
    let ids = parent[key] === undefined || parent[key] === null ? [] : (typeof parent[key] === "string" ? [parent[key]] : parent[key].slice());
    const box = el("div", { class: "id-list" });
    const write = () => {
      const clean = ids.filter((x) => x !== "");
      let v;
      if (clean.length === 0) v = undefined;
      else if (clean.length === 1 && (wasString || key === "chu_tri")) v = clean[0];
      else v = clean;
      setValue(parent, key, v, false);
    };
    const addBtn = el("button", { type: "button", class: "small ghost add", title: "Thêm một cơ quan " + lowerFirst(label), onclick: () => {
      if (!ids.length) ids = [""];
      ids.push(""); draw(ids.length - 1);
    } }, "+ cơ quan");
    const draw = (focusIndex) => {
      box.replaceChildren();
      const shown = ids.length ? ids : [""];
      shown.forEach((id, i) => {
        const row = el("div", { class: "id-row", dataset: { path: path + "/" + i } });
        const c = el("input", { type: "text", list: "dl-agencies", value: id, placeholder: "mã hoặc tên cơ quan", "aria-label": `${label} ${i + 1}` });
        c.value = id;
        c.addEventListener("input", () => {
          if (!ids.length) ids = [""];
          ids[i] = c.value.trim(); write(); agencyNote(row, c.value, row);
        });
        c.addEventListener("change", () => {
          const nid = idFromName(c.value);
          if (nid !== c.value) { c.value = nid; if (!ids.length) ids = [""]; ids[i] = nid; write(); agencyNote(row, nid, row); }
        });
        row.append(c);
        if (shown.length > 1 || id) {
          row.append(el("button", { type: "button", class: "icon", title: "Bỏ cơ quan này", "aria-label": "Bỏ cơ quan này",
            onclick: () => { ids.splice(i, 1); write(); draw(); } }, "✕"));
        }
        agencyNote(row, id, row);
        box.append(row);
        if (i === focusIndex) setTimeout(() => c.focus(), 0);
      });
      box.append(addBtn);
      const first = box.querySelector("input");
      if (first) linkLabel(w, first);
      idListHint(w);
    };
    w.append(box);
    draw();
    attachHint(w, desc);
    return w;
  }

  // Item.ghi_chu: str | bool | null → "automatic" / "none" / "written".
  function buildNote(parent, key, path, label, desc) {
    const w = fieldWrapper(path, label, desc, false, "note");
    const sel = el("select", { "aria-label": label },
      el("option", { value: "auto" }, "Tự viết (mặc định)"),
      el("option", { value: "none" }, "Không in ghi chú"),
      el("option", { value: "text" }, "Ghi riêng:"));
    const t = el("textarea", { rows: 1, class: "grow", "aria-label": label + " (nội dung)" });
    const v = parent[key];
    sel.value = v === false ? "none" : typeof v === "string" ? "text" : "auto";
    t.value = typeof v === "string" ? v : "";
    t.hidden = sel.value !== "text";
    w.classList.toggle("full", sel.value === "text");
    sel.addEventListener("change", () => {
      t.hidden = sel.value !== "text";
      w.classList.toggle("full", sel.value === "text");
      if (sel.value === "auto") setValue(parent, key, undefined, false);
      else if (sel.value === "none") setValue(parent, key, false, false);
      else { parent[key] = t.value; changed(); t.focus(); }
    });
    t.addEventListener("input", () => { parent[key] = t.value; changed(); });
    w.append(el("div", { class: "note-row" }, sel, t));
    linkLabel(w, sel);
    attachHint(w, desc);
    return w;
  }

  // An object as a fieldset; an optional object that is absent shows a button "Thêm …".
  function buildObject(parent, key, path, label, desc, schema, required, optional) {
    const w = fieldWrapper(path, null, desc, required, "object");
    const fs = el("fieldset", { class: "group" });
    const legend = el("legend", { title: desc || null }, label);
    fs.append(legend);
    w.append(fs);
    const present = parent[key] !== undefined && parent[key] !== null && typeof parent[key] === "object";
    if (!present && optional && !S.openOptional.has(path)) {
      w.classList.add("absent");
      fs.append(el("button", { type: "button", class: "small ghost add", onclick: () => {
        S.openOptional.add(path);
        parent[key] = {};
        changed();
        rebuildForm({ focusPath: path });
      } }, "+ Thêm " + lowerFirst(label)));
      if (desc) fs.append(el("div", { class: "hint static" }, desc));
      return w;
    }
    if (!present) parent[key] = {};
    const obj = parent[key];
    if (optional) {
      legend.append(el("button", { type: "button", class: "icon legend-btn", title: "Bỏ " + lowerFirst(label), "aria-label": "Bỏ " + lowerFirst(label),
        onclick: async () => {
          if (!(await confirmBox(`Bỏ toàn bộ “${label}”?`))) return;
          delete parent[key]; S.openOptional.delete(path); changed(); rebuildForm();
        } }, "✕"));
    }
    fs.append(buildProperties(obj, schema, path));
    if (Object.keys(obj).length === 0 && !S.openOptional.has(path) && optional) {
      // an empty optional object stays in the data only while the user fills it
    }
    return w;
  }

  function lowerFirst(s) { return s ? s.charAt(0).toLowerCase() + s.slice(1) : s; }

  // Item fields: what a clerk fills most comes first, in a grid that wraps (auto-fit columns of ≥ 200px);
  // long texts and agency lists span the whole row so a deeply nested item never squeezes them.
  const ITEM_FULL = new Set(["noi_dung", "tieu_de", "san_pham", "co_quan", "chu_tri", "phoi_hop", "so_lieu"]);

  function itemOrder(obj, keys) {
    const headed = !isEmpty(obj.tieu_de) || !isEmpty(obj.co_quan);
    const first = headed ? ["tieu_de", "co_quan", "noi_dung"] : ["noi_dung"];
    const then = ["chu_tri", "phoi_hop", "thoi_han", "ghi_chu", "san_pham"].concat(headed ? [] : ["tieu_de", "co_quan"]);
    const ordered = first.concat(then).filter((k) => keys.includes(k));
    return ordered.concat(keys.filter((k) => !ordered.includes(k)));
  }

  function buildProperties(obj, schema, path, only) {
    const def = schema.$def || "";
    const box = el("div", { class: def === "Item" ? "props item-props" : "props" });
    defStack.push(def);
    const req = new Set(schema.required || []);
    let adv = null;
    let keys = Object.keys(schema.properties || {}).filter((k) => !only || only(k));
    // Which empty item fields wait under "Tùy chọn khác": a heading (agency or title over sub-items) shows
    // only its heading; an ordinary task hides its empty title and agency heading.
    let folded = ITEM_ADVANCED;
    let summary = "Tùy chọn khác: tiêu đề, cơ quan được giao, số liệu, cách đánh số";
    if (def === "Item") {
      keys = itemOrder(obj, keys);
      const headed = !isEmpty(obj.tieu_de) || !isEmpty(obj.co_quan);
      const group = headed && Array.isArray(obj.muc) && obj.muc.length > 0;
      if (group) {
        folded = new Set([...ITEM_ADVANCED, "tieu_de", "co_quan", "noi_dung", "chu_tri", "phoi_hop", "thoi_han", "san_pham", "ghi_chu"]);
        summary = "Các ô khác của mục này: nội dung, chủ trì, phối hợp, thời hạn, số liệu…";
      } else {
        folded = new Set([...ITEM_ADVANCED, "tieu_de", "co_quan"]);
        if (headed) summary = "Tùy chọn khác: số liệu, cách đánh số, nhiệm vụ chung";
      }
    }
    for (const k of keys) {
      const ps = schema.properties[k];
      const p = path ? path + "/" + k : k;
      const f = buildField(obj, k, ps, p, { def, required: req.has(k) });
      if (def === "Item") { f.classList.remove("half", "third"); if (ITEM_FULL.has(k)) f.classList.add("full"); }
      if (def === "Item" && folded.has(k) && isEmpty(obj[k])) {
        if (!adv) adv = el("details", { class: "advanced full" }, el("summary", {}, summary));
        adv.append(f);
      } else box.append(f);
    }
    if (adv) box.append(adv);
    defStack.pop();
    return box;
  }

  function buildDict(parent, key, path, label, desc) {
    const w = fieldWrapper(path, null, desc, false, "object dict");
    const fs = el("fieldset", { class: "group" }, el("legend", { title: desc || null }, label));
    const obj = parent[key] || {};
    const list = el("div", { class: "dict-list" });
    const draw = () => {
      list.replaceChildren();
      Object.keys(obj).forEach((k) => {
        const row = el("div", { class: "dict-row field", dataset: { path: path + "/" + k } });
        const kin = el("input", { type: "text", value: k, class: "dict-key", "aria-label": "Mã" });
        kin.value = k;
        const vin = el("textarea", { rows: 1, class: "grow", "aria-label": "Nội dung" });
        vin.value = obj[k];
        kin.addEventListener("change", () => {
          const nk = kin.value.trim();
          if (!nk || nk === k || nk in obj) { kin.value = k; return; }
          const entries = Object.entries(obj).map(([a, b]) => [a === k ? nk : a, b]);
          for (const a of Object.keys(obj)) delete obj[a];
          entries.forEach(([a, b]) => { obj[a] = b; });
          changed(); draw();
        });
        vin.addEventListener("input", () => { obj[k] = vin.value; changed(); });
        row.append(el("span", { class: "dict-mark" }, "[^"), kin, el("span", { class: "dict-mark" }, "]"), vin,
          el("button", { type: "button", class: "icon", title: "Xóa chú thích này", "aria-label": "Xóa chú thích này", onclick: async () => {
            if (!(await confirmBox(`Xóa chú thích [^${k}]?`))) return;
            delete obj[k]; if (!Object.keys(obj).length) delete parent[key]; changed(); draw();
          } }, "✕"));
        list.append(row);
      });
    };
    draw();
    fs.append(list, el("button", { type: "button", class: "small ghost add", onclick: () => {
      let n = 1; while (String(n) in obj) n++;
      obj[String(n)] = ""; parent[key] = obj; changed(); draw();
    } }, "+ Thêm chú thích"));
    if (desc) fs.append(el("div", { class: "hint static" }, desc));
    w.append(fs);
    return w;
  }

  // ---------------------------------------------------------------- lists
  function listControls(list, i, path, what, onChange) {
    const box = el("span", { class: "row-tools" });
    box.append(
      el("button", { type: "button", class: "icon", title: "Lên", "aria-label": "Lên", disabled: i === 0, onclick: () => { move(list, i, -1); onChange(); } }, "↑"),
      el("button", { type: "button", class: "icon", title: "Xuống", "aria-label": "Xuống", disabled: i === list.length - 1, onclick: () => { move(list, i, 1); onChange(); } }, "↓"),
      el("button", { type: "button", class: "icon danger", title: "Xóa " + what, "aria-label": "Xóa " + what, onclick: async () => {
        if (!(await confirmBox(`Xóa ${what} này?`))) return;
        list.splice(i, 1); onChange();
      } }, "✕"));
    return box;
  }

  function move(list, i, d) {
    const j = i + d;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
  }

  function ensureList(parent, key) {
    if (!Array.isArray(parent[key])) parent[key] = parent[key] === undefined || parent[key] === null ? [] : [parent[key]];
    return parent[key];
  }

  function afterListChange(parent, key, focusPath) {
    if (Array.isArray(parent[key]) && parent[key].length === 0) delete parent[key];
    changed();
    rebuildForm(focusPath ? { focusPath } : {});
  }

  function listShell(path, label, desc, cls) {
    const w = fieldWrapper(path, null, desc, false, "list " + (cls || ""));
    const fs = el("fieldset", { class: "group" }, el("legend", { title: desc || null }, label));
    w.append(fs);
    return [w, fs];
  }

  function buildStrList(parent, key, path, label, desc) {
    const [w, fs] = listShell(path, label, desc, "strlist");
    const list = parent[key] || [];
    list.forEach((v, i) => {
      const row = el("div", { class: "list-row field", dataset: { path: path + "/" + i } });
      const c = el("input", { type: "text", "aria-label": `${label} ${i + 1}` });
      c.value = v;
      c.addEventListener("input", () => { list[i] = c.value; changed(); showRegistryHint(row, c.value); });
      row.append(c, listControls(list, i, path, "dòng", () => afterListChange(parent, key)));
      showRegistryHint(row, v);
      fs.append(row);
    });
    fs.append(el("button", { type: "button", class: "small ghost add", onclick: () => {
      ensureList(parent, key).push(""); afterListChange(parent, key, path + "/" + (parent[key].length - 1));
    } }, "+ Thêm dòng"));
    if (desc) fs.append(el("div", { class: "hint static" }, desc));
    return w;
  }

  const ITEM_NOUN = { can_cu: "căn cứ", co_quan: "cơ quan", noi_nhan: "nơi nhận", phu_luc: "phụ lục", cot: "cột",
    hang: "dòng", so_lieu: "số liệu", phan: "phần", phan_khac: "phần" };

  function newObject(schema) {
    const o = {};
    for (const r of schema.required || []) {
      const ps = deref((schema.properties || {})[r] || {});
      const t = unionOf(ps).options[0] || {};
      o[r] = t.type === "array" ? [] : t.type === "number" || t.type === "integer" ? 0 : t.type === "boolean" ? false : "";
    }
    return o;
  }

  function objTitle(o, def) {
    if (!o || typeof o !== "object") return String(o || "");
    if (def === "Agency") return [o.ten, o.ma ? `(${o.ma})` : ""].join(" ").trim();
    if (def === "Citation") return [o.loai, o.so_ky_hieu, o.ngay ? "ngày " + o.ngay : ""].filter(Boolean).join(" ");
    return o.ten || o.tieu_de || o.nhom || o.ho_ten || "";
  }

  function buildObjList(parent, key, path, label, desc, schema) {
    const [w, fs] = listShell(path, label, desc, "objlist");
    const list = Array.isArray(parent[key]) ? parent[key] : [];
    const noun = ITEM_NOUN[key] || "mục";
    list.forEach((o, i) => {
      const p = path + "/" + i;
      const card = el("div", { class: "card field", dataset: { path: p } });
      const head = el("div", { class: "card-head" }, el("span", { class: "card-no" }, String(i + 1) + "."),
        el("span", { class: "card-title" }, shortText(objTitle(o, schema.$def), 70) || "(chưa có tên)"),
        listControls(list, i, path, noun, () => afterListChange(parent, key)));
      card.append(head, buildProperties(o, schema, p));
      fs.append(card);
    });
    fs.append(el("button", { type: "button", class: "small ghost add", onclick: () => {
      ensureList(parent, key).push(newObject(schema)); afterListChange(parent, key, path + "/" + (parent[key].length - 1));
    } }, "+ Thêm " + noun));
    if (desc) fs.append(el("div", { class: "hint static" }, desc));
    return w;
  }

  // list[Obj | str]: each entry switches between "ghi nguyên câu" and the fields.
  function buildUnionList(parent, key, path, label, desc, kind) {
    const [w, fs] = listShell(path, label, desc, "unionlist");
    const schema = kind.schema;
    const list = Array.isArray(parent[key]) ? parent[key] : [];
    const noun = ITEM_NOUN[key] || "mục";
    const modeNames = key === "noi_nhan" ? ["Một dòng", "Có nơi nhận con"] : key === "cot" ? ["Chỉ tên cột", "Tên và ý nghĩa cột"] : ["Ghi nguyên câu", "Theo các trường"];
    list.forEach((o, i) => {
      const p = path + "/" + i;
      const isStr = typeof o === "string";
      const card = el("div", { class: "card field" + (isStr ? " str" : ""), dataset: { path: p } });
      const sel = el("select", { class: "mode", "aria-label": "Cách ghi", title: "Cách ghi" },
        el("option", { value: "str" }, modeNames[0]), el("option", { value: "obj" }, modeNames[1]));
      sel.value = isStr ? "str" : "obj";
      sel.addEventListener("change", () => {
        list[i] = sel.value === "str" ? objToStr(list[i], key) : strToObj(list[i], key, schema);
        afterListChange(parent, key, p);
      });
      const head = el("div", { class: "card-head" }, el("span", { class: "card-no" }, String(i + 1) + "."), sel,
        el("span", { class: "card-title" }, isStr ? "" : shortText(objTitle(o, schema.$def), 60)),
        listControls(list, i, path, noun, () => afterListChange(parent, key)));
      card.append(head);
      if (isStr) {
        const holder = {};
        const t = el(key === "cot" || key === "noi_nhan" ? "input" : "textarea", { class: "grow", rows: 2, type: "text", "aria-label": `${label} ${i + 1}` });
        t.value = o;
        t.addEventListener("input", () => { list[i] = t.value; changed(); showRegistryHint(card, t.value); });
        card.append(t);
        showRegistryHint(card, o);
        void holder;
      } else {
        card.append(buildProperties(o, schema, p));
      }
      fs.append(card);
    });
    fs.append(el("button", { type: "button", class: "small ghost add", onclick: () => {
      const fresh = key === "can_cu" ? newObject(schema) : "";
      ensureList(parent, key).push(fresh); afterListChange(parent, key, path + "/" + (parent[key].length - 1));
    } }, "+ Thêm " + noun));
    if (desc) fs.append(el("div", { class: "hint static" }, desc));
    return w;
  }

  function objToStr(o, key) {
    if (typeof o === "string") return o;
    if (key === "can_cu") {
      return [o.dan, o.loai, o.so_ky_hieu ? "số " + o.so_ky_hieu : "", o.ngay ? "ngày " + o.ngay : "",
        o.co_quan ? "của " + o.co_quan : "", o.trich_yeu].filter(Boolean).join(" ");
    }
    return o.ten || "";
  }

  function strToObj(s, key, schema) {
    if (typeof s !== "string") return s;
    if (key === "can_cu") {
      const m = /^(Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Kế hoạch|Công văn|Thông tư|Chương trình|Hướng dẫn)\s+(.*)$/i.exec(s.trim());
      return m ? { loai: m[1], trich_yeu: m[2] } : { loai: "", trich_yeu: s };
    }
    if (key === "noi_nhan") return { ten: s, con: [] };
    const o = newObject(schema);
    o.ten = s;
    return o;
  }

  // Table rows: list[GroupRow | list[str]].
  function buildRowList(parent, key, path, label, desc) {
    const [w, fs] = listShell(path, label, desc, "rowlist");
    const list = Array.isArray(parent[key]) ? parent[key] : [];
    list.forEach((row, i) => {
      const p = path + "/" + i;
      const isGroup = row && !Array.isArray(row) && typeof row === "object";
      const card = el("div", { class: "card field row-card", dataset: { path: p } });
      const sel = el("select", { class: "mode", "aria-label": "Loại dòng" }, el("option", { value: "cells" }, "Dòng dữ liệu"), el("option", { value: "group" }, "Dòng nhóm"));
      sel.value = isGroup ? "group" : "cells";
      sel.addEventListener("change", () => {
        list[i] = sel.value === "group" ? { nhom: Array.isArray(row) ? row.filter(Boolean).join(" ") : "" } : [row.nhom || ""];
        afterListChange(parent, key, p);
      });
      card.append(el("div", { class: "card-head" }, el("span", { class: "card-no" }, String(i + 1) + "."), sel, el("span", { class: "card-title" }),
        listControls(list, i, path, "dòng", () => afterListChange(parent, key))));
      if (isGroup) {
        const f = fieldWrapper(p + "/nhom", "Tên nhóm", "Tên nhóm, in đậm; số La Mã tự đánh", true);
        const c = stringControl(row, "nhom", {}, { required: true });
        f.append(c); linkLabel(f, c);
        card.append(f);
      } else {
        const cells = el("div", { class: "cells" });
        row.forEach((v, j) => {
          const cf = el("div", { class: "cell field", dataset: { path: p + "/" + j } });
          const t = el("textarea", { rows: 1, class: "grow", "aria-label": `Ô ${j + 1}` });
          t.value = v;
          t.addEventListener("input", () => { row[j] = t.value; changed(); });
          cf.append(t, el("button", { type: "button", class: "icon", title: "Xóa ô", "aria-label": "Xóa ô", onclick: () => { row.splice(j, 1); afterListChange(parent, key); } }, "✕"));
          cells.append(cf);
        });
        cells.append(el("button", { type: "button", class: "small ghost add", onclick: () => { row.push(""); afterListChange(parent, key, p + "/" + (row.length - 1)); } }, "+ Ô"));
        card.append(cells);
      }
      fs.append(card);
    });
    fs.append(el("button", { type: "button", class: "small ghost add", onclick: () => {
      ensureList(parent, key).push([""]); afterListChange(parent, key, path + "/" + (parent[key].length - 1));
    } }, "+ Thêm dòng"), el("button", { type: "button", class: "small ghost add", onclick: () => {
      ensureList(parent, key).push({ nhom: "" }); afterListChange(parent, key, path + "/" + (parent[key].length - 1));
    } }, "+ Thêm dòng nhóm"));
    if (desc) fs.append(el("div", { class: "hint static" }, desc));
    return w;
  }

  // ---------------------------------------------------------------- parts and item tree
  function partItems(part) { return Array.isArray(part) ? part : (part.muc || (part.muc = [])); }

  function itemHeadText(it) {
    if (!it || typeof it !== "object") return "";
    if (it.tieu_de) return it.tieu_de;
    const ag = it.co_quan ? (Array.isArray(it.co_quan) ? it.co_quan : [it.co_quan]).map((x) => agencyName(x) || x).join(", ") : "";
    const text = Array.isArray(it.noi_dung) ? it.noi_dung[0] : it.noi_dung;
    if (ag && text) return ag + ": " + text;
    return ag || text || "(mục trống)";
  }

  function newItem() { return { noi_dung: "" }; }

  // What the items of the part holding `path` are called: tasks in the part "Nhiệm vụ, giải pháp".
  function itemNoun(path) {
    const p = String(path || "").split("/");
    const d = S.data || {};
    if (p[0] === "nhiem_vu") return "nhiệm vụ";
    if (p[0] === "phan" && d.phan && d.phan[Number(p[1])]) {
      const part = d.phan[Number(p[1])];
      if (part.loai === "nhiem_vu" || /nhiem vu/.test(fold(part.tieu_de))) return "nhiệm vụ";
    }
    return "mục";
  }

  // Short header text of an item: its title, or "agency: first words of its text".
  function itemHead(it) { return shortText(itemHeadText(it), 80); }

  function childCount(it) {
    const n = Array.isArray(it.muc) ? it.muc.length : 0;
    return n ? `${n} mục con` : "";
  }

  // The tree of items under a part, an item or an appendix. parent[key] is the list.
  function buildTree(parent, key, path, ctx) {
    const w = el("div", { class: "tree field", dataset: { path } });
    const list = Array.isArray(parent[key]) ? parent[key] : [];
    const ul = el("ol", { class: "tree-list" });
    list.forEach((it, i) => ul.append(buildItemNode(list, i, path + "/" + i, ctx.outer || null)));
    w.append(ul);
    const noun = itemNoun(path);
    w.append(el("button", { type: "button", class: "small ghost add tree-add",
      title: `Thêm một ${noun} mới vào cuối phần này`, onclick: () => {
        ensureList(parent, key).push(newItem());
        changed();
        rebuildForm({ focusPath: path + "/" + (parent[key].length - 1) + "/noi_dung" });
      } }, list.length ? `+ Thêm ${noun} ở cuối phần` : `+ Thêm ${noun}`));
    return w;
  }

  function buildItemNode(list, i, path, outer) {
    const it = list[i];
    const li = el("li", { class: "node item-node field", dataset: { path, num: path } });
    if (S.collapsed.has(it)) li.classList.add("collapsed");
    const num = el("span", { class: "num" }, S.numbers[path] || "");
    const title = el("span", { class: "node-title", title: shortText(itemHeadText(it), 400) }, itemHead(it));
    const count = el("span", { class: "node-count" }, childCount(it));
    const toggle = el("button", { type: "button", class: "twisty", "aria-label": "Thu gọn/mở", title: "Thu gọn hoặc mở mục này", "aria-expanded": String(!S.collapsed.has(it)),
      onclick: () => toggleNode(li, it) }, "");
    const tools = el("span", { class: "node-tools" },
      tool("Thêm mục con", "↳+", () => {
        it.muc = Array.isArray(it.muc) ? it.muc : [];
        it.muc.push(newItem()); S.collapsed.delete(it);
        structural(path + "/muc/" + (it.muc.length - 1) + "/noi_dung");
      }),
      tool("Thêm mục sau", "+", () => { list.splice(i + 1, 0, newItem()); structural(parentPath(path) + "/" + (i + 1) + "/noi_dung"); }),
      tool("Thụt vào (thành mục con cuối của mục trên)", "⇥", () => {
        const prev = list[i - 1];
        prev.muc = Array.isArray(prev.muc) ? prev.muc : [];
        prev.muc.push(list.splice(i, 1)[0]); S.collapsed.delete(prev);
        structural(parentPath(path) + "/" + (i - 1) + "/muc/" + (prev.muc.length - 1));
      }, i === 0, "Thụt vào"),
      tool("Thụt ra (thành mục ngay sau mục cha)", "⇤", () => {
        const moved = list.splice(i, 1)[0];
        outer.list.splice(outer.index + 1, 0, moved);
        if (!list.length) delete outer.list[outer.index].muc;
        structural(outer.path + "/" + (outer.index + 1));
      }, !outer, "Thụt ra"),
      tool("Lên", "↑", () => { move(list, i, -1); structural(parentPath(path) + "/" + (i - 1)); }, i === 0),
      tool("Xuống", "↓", () => { move(list, i, 1); structural(parentPath(path) + "/" + (i + 1)); }, i === list.length - 1),
      tool("Xóa mục này", "✕", async () => {
        const n = countItems(it);
        const msg = n > 1 ? `Xóa mục này cùng ${n - 1} mục con?` : "Xóa mục này?";
        if (!(await confirmBox(msg + " " + shortText(itemHeadText(it), 80)))) return;
        list.splice(i, 1); structural(null);
      }, false, "Xóa", "danger"));
    const head = el("div", { class: "node-head" }, toggle, num, title, count, el("span", { class: "node-badge" }), tools);
    head.addEventListener("dblclick", (e) => { if (e.target === head || e.target === title || e.target === num) toggleNode(li, it); });
    // a click on a collapsed item's header line opens it
    head.addEventListener("click", (e) => { if (li.classList.contains("collapsed") && (e.target === title || e.target === num || e.target === count)) toggleNode(li, it, false); });
    const body = el("div", { class: "node-body" });
    const itemSchema = S.defs.Item;
    const props = buildProperties(it, Object.assign({ $def: "Item" }, itemSchema), path, (k) => k !== "muc");
    body.append(props);
    // children
    const sub = el("div", { class: "tree field", dataset: { path: path + "/muc" } });
    const ol = el("ol", { class: "tree-list" });
    const kids = Array.isArray(it.muc) ? it.muc : [];
    kids.forEach((_, j) => ol.append(buildItemNode(kids, j, path + "/muc/" + j, { list, index: i, path: parentPath(path) })));
    sub.append(ol);
    // A group (an agency heading or an item with sub-items) offers to add one more at its end.
    if (kids.length || !isEmpty(it.co_quan)) {
      const noun = itemNoun(path);
      const ag = isEmpty(it.co_quan) ? "" : (Array.isArray(it.co_quan) ? it.co_quan : [it.co_quan]).map((x) => agencyName(x) || x).join(", ");
      const text = ag ? `+ Thêm ${noun} cho ${ag}` : `+ Thêm ${noun} vào mục ${(S.numbers[path] || "").replace(/[.)]$/, "") || "này"}`;
      sub.append(el("button", { type: "button", class: "small ghost add tree-add", title: "Thêm một mục con mới vào cuối mục này", onclick: () => {
        it.muc = Array.isArray(it.muc) ? it.muc : [];
        it.muc.push(newItem()); S.collapsed.delete(it);
        structural(path + "/muc/" + (it.muc.length - 1) + "/noi_dung");
      } }, text));
    }
    body.append(sub);
    // keep the title in the header current while typing
    body.addEventListener("input", () => { title.textContent = itemHead(it); title.title = shortText(itemHeadText(it), 400); });
    li.append(head, body);
    return li;
  }

  function tool(title, text, fn, disabled, label, cls) {
    return el("button", { type: "button", class: "tool" + (cls ? " " + cls : ""), title, "aria-label": label || title, disabled: !!disabled,
      onclick: (e) => { e.stopPropagation(); fn(); } }, text);
  }

  function countItems(it) {
    return 1 + (Array.isArray(it.muc) ? it.muc.reduce((n, c) => n + countItems(c), 0) : 0);
  }

  function parentPath(p) { return p.split("/").slice(0, -1).join("/"); }

  function structural(focusPath) {
    changed();
    rebuildForm(focusPath ? { focusPath } : {});
  }

  function toggleNode(li, obj, force) {
    const collapse = force !== undefined ? force : !li.classList.contains("collapsed");
    li.classList.toggle("collapsed", collapse);
    if (collapse) S.collapsed.add(obj); else S.collapsed.delete(obj);
    const t = li.querySelector(":scope > .node-head > .twisty");
    if (t) t.setAttribute("aria-expanded", String(!collapse));
  }

  // A part (legacy key, phan[i] or phan_khac[i]) as a tree node.
  function buildPartNode(holder, key, path, defName, tools) {
    const part = holder[key];
    const li = el("li", { class: "node part-node field", dataset: { path, num: path } });
    const toggleObj = part;
    if (S.collapsed.has(toggleObj)) li.classList.add("collapsed");
    const kind = LEGACY_PARTS.includes(key) ? key : (part && !Array.isArray(part) && part.loai) || "";
    const titleText = () => (!Array.isArray(holder[key]) && holder[key].tieu_de) || DEFAULT_TITLES[kind] || (LABELS[key] || "PHẦN").toUpperCase();
    const title = el("span", { class: "node-title" }, titleText());
    const noun = itemNoun(path);
    const addEnd = el("button", { type: "button", class: "small head-add", title: `Thêm một ${noun} mới vào cuối phần này`, onclick: (e) => {
      e.stopPropagation();
      const items = Array.isArray(holder[key]) ? holder[key] : (holder[key].muc = Array.isArray(holder[key].muc) ? holder[key].muc : []);
      items.push(newItem()); S.collapsed.delete(toggleObj);
      structural(path + "/muc/" + (items.length - 1) + "/noi_dung");
    } }, `+ Thêm ${noun}`);
    const head = el("div", { class: "node-head" },
      el("button", { type: "button", class: "twisty", "aria-label": "Thu gọn/mở", title: "Thu gọn hoặc mở phần này", onclick: () => toggleNode(li, toggleObj) }, ""),
      el("span", { class: "num" }, S.numbers[path] || ""), title, el("span", { class: "node-badge" }), addEnd, tools);
    const body = el("div", { class: "node-body" });
    const schema = Object.assign({ $def: defName }, S.defs[defName]);
    // A part written as a bare list of items becomes an object as soon as another field is set.
    const view = Array.isArray(part) ? new Proxy({ muc: part }, {
      set(t, k, v) {
        t[k] = v;
        if (k !== "muc") { holder[key] = t; }
        return true;
      },
      deleteProperty(t, k) { delete t[k]; return true; },
    }) : part;
    body.append(buildProperties(view, schema, path, (k) => k !== "muc"));
    const tree = buildTree(view, "muc", path + "/muc", { outer: null });
    body.append(tree);
    body.addEventListener("input", () => { title.textContent = titleText(); });
    head.addEventListener("click", (e) => { if (li.classList.contains("collapsed") && (e.target === title || e.target.classList.contains("num"))) toggleNode(li, toggleObj, false); });
    li.append(head, body);
    return li;
  }

  function buildParts(data) {
    const box = el("div", { class: "parts" });
    const ol = el("ol", { class: "part-list" });
    const usesPhan = Array.isArray(data.phan) && data.phan.length > 0;
    const usesLegacy = LEGACY_PARTS.some((k) => data[k] !== undefined && data[k] !== null) || (Array.isArray(data.phan_khac) && data.phan_khac.length > 0);
    const removeKey = (k, label) => tool("Xóa phần này", "✕", async () => {
      if (!(await confirmBox(`Xóa cả phần “${label}” và mọi mục trong đó?`))) return;
      delete data[k]; structural(null);
    }, false, "Xóa", "danger");
    const listTools = (list, i, listKey) => el("span", { class: "node-tools" },
      tool("Lên", "↑", () => { move(list, i, -1); structural(null); }, i === 0),
      tool("Xuống", "↓", () => { move(list, i, 1); structural(null); }, i === list.length - 1),
      tool("Xóa phần này", "✕", async () => {
        if (!(await confirmBox("Xóa cả phần này và mọi mục trong đó?"))) return;
        list.splice(i, 1); if (!list.length) delete data[listKey]; structural(null);
      }, false, "Xóa", "danger"));
    const legacy = (k) => {
      if (data[k] === undefined || data[k] === null) return;
      ol.append(buildPartNode(data, k, k, "Part", el("span", { class: "node-tools" }, removeKey(k, LABELS[k]))));
    };
    LEGACY_PARTS.slice(0, 4).forEach(legacy);
    (Array.isArray(data.phan_khac) ? data.phan_khac : []).forEach((_, i) => ol.append(buildPartNode(data.phan_khac, i, "phan_khac/" + i, "OtherPart", listTools(data.phan_khac, i, "phan_khac"))));
    LEGACY_PARTS.slice(4).forEach(legacy);
    (Array.isArray(data.phan) ? data.phan : []).forEach((_, i) => ol.append(buildPartNode(data.phan, i, "phan/" + i, "Section", listTools(data.phan, i, "phan"))));
    box.append(ol);
    // Buttons to add the parts not yet written.
    const add = el("div", { class: "add-parts" }, el("span", { class: "muted" }, "Thêm phần: "));
    if (!usesPhan) {
      LEGACY_PARTS.forEach((k) => {
        if (data[k] === undefined || data[k] === null)
          add.append(el("button", { type: "button", class: "small ghost add", title: (S.schema.properties[k] || {}).description || null, onclick: () => {
            data[k] = { muc: [newItem()] }; structural(k + "/muc/0/noi_dung");
          } }, "+ " + LABELS[k]));
      });
      add.append(el("button", { type: "button", class: "small ghost add", title: (S.schema.properties.phan_khac || {}).description || null, onclick: () => {
        ensureList(data, "phan_khac").push({ tieu_de: "" }); structural("phan_khac/" + (data.phan_khac.length - 1) + "/tieu_de");
      } }, "+ Phần khác (có tiêu đề riêng)"));
    }
    if (!usesLegacy) {
      add.append(el("button", { type: "button", class: "small ghost add", title: (S.schema.properties.phan || {}).description || null, onclick: () => {
        ensureList(data, "phan").push({ tieu_de: "", muc: [] }); structural("phan/" + (data.phan.length - 1) + "/tieu_de");
      } }, usesPhan ? "+ Thêm phần" : "+ Phần theo thứ tự tự chọn"));
    }
    box.append(add);
    return box;
  }

  // ---------------------------------------------------------------- whole form
  function buildForm() {
    const root = el("div", { class: "form" });
    const data = S.data;
    const props = S.schema.properties || {};
    const required = new Set(S.schema.required || []);
    const placed = new Set(["phan", "phan_khac", ...LEGACY_PARTS]);
    GROUPS.forEach(([, keys]) => keys.forEach((k) => placed.add(k)));
    const groups = GROUPS.map(([t, keys]) => [t, keys]);
    const rest = Object.keys(props).filter((k) => !placed.has(k));
    if (rest.length) groups.push(["Khác", rest]);
    defStack = ["Plan"];
    for (const [title, keys] of groups) {
      const sec = el("section", { class: "form-section" }, el("h2", {}, title));
      const grid = el("div", { class: "props" });
      sec.append(grid);
      for (const k of keys) {
        if (k === "@parts") { grid.append(el("div", { class: "field-wide" }, buildParts(data))); continue; }
        if (!(k in props)) continue;
        grid.append(buildField(data, k, props[k], k, { def: "Plan", required: required.has(k) }));
      }
      root.append(sec);
    }
    defStack = [];
    return root;
  }

  function rebuildForm(opts) {
    opts = opts || {};
    const view = $("#form-view");
    if (!S.data || typeof S.data !== "object") {
      view.replaceChildren(el("p", { class: "empty" }, "Chưa hiện được biểu mẫu: tệp YAML chưa đọc được. Hãy sửa ở thẻ “YAML” theo các lỗi bên trên."));
      return;
    }
    const scroll = view.scrollTop;
    const active = document.activeElement;
    const activeField = active && view.contains(active) ? active.closest("[data-path]") : null;
    const activePath = activeField ? activeField.dataset.path : null;
    const form = buildForm();
    view.replaceChildren(form);
    refreshDatalist();
    applyDiagnostics();
    view.scrollTop = scroll;
    const target = opts.focusPath || activePath;
    if (target) {
      const f = findField(target);
      if (f) {
        revealField(f);
        const c = f.matches("input, textarea, select") ? f : f.querySelector("textarea:not([hidden]), input, select");
        if (c) c.focus({ preventScroll: true });
        if (opts.focusPath) {
          // the new or moved item: its header and first field in the middle of the pane
          const node = f.closest(".node") || f;
          const fits = node.offsetHeight < view.clientHeight * 0.8;
          node.scrollIntoView({ block: fits ? "center" : "start" });
          const head = node.querySelector(":scope > .node-head") || node;
          flash(head);
        }
      }
    }
  }

  // Agencies changed: refresh the datalist and the names under id inputs.
  document.addEventListener("input", (e) => {
    const f = e.target.closest && e.target.closest('[data-path^="co_quan/"]');
    if (f) {
      refreshDatalist();
      $$(".id-row, .field.agency").forEach((row) => {
        const c = row.querySelector("input");
        if (c) agencyNote(row, c.value, row.classList.contains("id-row") ? row : null);
      });
    }
  });

  // ---------------------------------------------------------------- diagnostics
  const SEV_ORDER = { loi: 0, canh_bao: 1, luu_y: 2 };
  const SEV_LABEL = { loi: "lỗi", canh_bao: "cảnh báo", luu_y: "lưu ý" };

  // The wrapper of `path`, or of its nearest ancestor shown in the form.
  function findField(path) {
    const view = $("#form-view");
    let p = path || "";
    for (;;) {
      if (!p) return null;
      const f = view.querySelector(`[data-path="${CSS.escape(p)}"]`);
      if (f) return f;
      p = p.includes("/") ? parentPath(p) : "";
    }
  }

  function applyDiagnostics() {
    const view = $("#form-view");
    $$(".diag", view).forEach((d) => d.remove());
    $$(".has-loi, .has-canh_bao, .has-luu_y", view).forEach((f) => f.classList.remove("has-loi", "has-canh_bao", "has-luu_y"));
    $$(".node-badge", view).forEach((b) => { b.textContent = ""; b.className = "node-badge"; });
    const badge = new Map();
    for (const d of S.diagnostics) {
      if (!d.path) continue;
      const f = findField(d.path);
      if (!f) continue;
      const box = el("div", { class: "diag " + d.severity, title: d.reference ? "Căn cứ: " + d.reference : null }, `[${d.code}] ${d.message}`);
      box.addEventListener("click", () => { const c = f.querySelector("input, textarea, select"); if (c) c.focus(); });
      if (f.classList.contains("node")) {
        const body = f.querySelector(":scope > .node-head");
        body.after(box);
      } else f.append(box);
      f.classList.add("has-" + d.severity);
      // count on every enclosing node header (visible when collapsed)
      let n = f.closest(".node");
      while (n) {
        const cur = badge.get(n) || { n: 0, sev: "luu_y" };
        cur.n++;
        if (SEV_ORDER[d.severity] < SEV_ORDER[cur.sev]) cur.sev = d.severity;
        badge.set(n, cur);
        n = n.parentElement && n.parentElement.closest(".node");
      }
    }
    for (const [n, b] of badge) {
      const e = n.querySelector(":scope > .node-head > .node-badge");
      if (e) { e.textContent = String(b.n); e.className = "node-badge " + b.sev; e.title = `${b.n} lỗi, cảnh báo hoặc lưu ý trong phần này`; }
    }
  }

  function renderDiagList() {
    const list = $("#diag-list");
    const ds = S.diagnostics.slice().sort((a, b) => (SEV_ORDER[a.severity] - SEV_ORDER[b.severity]) || ((a.line || 0) - (b.line || 0)));
    const n = { loi: 0, canh_bao: 0, luu_y: 0 };
    ds.forEach((d) => { n[d.severity] = (n[d.severity] || 0) + 1; });
    const count = $("#diag-count");
    if (!ds.length) {
      count.textContent = "không có";
      count.className = "diag-count none";
    } else {
      count.replaceChildren(...["loi", "canh_bao", "luu_y"].filter((s) => n[s]).map((s) => el("span", { class: "pill " + s }, `${n[s]} ${SEV_LABEL[s]}`)));
      count.className = "diag-count";
    }
    $("#diagnostics").classList.toggle("clean", !ds.length);
    list.replaceChildren(...ds.map((d) => {
      const li = el("li", { class: "diag-item " + d.severity, tabindex: "0", role: "button", dataset: { path: d.path || "", line: d.line || "" },
        title: (d.reference ? "Căn cứ: " + d.reference + ". " : "") + "Bấm để tới chỗ cần sửa" },
        el("span", { class: "sev" }, d.label || SEV_LABEL[d.severity]),
        el("span", { class: "msg" }, `[${d.code}] ${d.message}`),
        d.line ? el("span", { class: "line" }, "dòng " + d.line) : null);
      const go = () => goToDiagnostic(d);
      li.addEventListener("click", go);
      li.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); } });
      return li;
    }));
  }

  function revealField(f) {
    let n = f.closest(".node");
    while (n) {
      if (n.classList.contains("collapsed")) toggleNode(n, nodeObj(n), false);
      n = n.parentElement && n.parentElement.closest(".node");
    }
    for (let d = f.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  }

  async function goToDiagnostic(d) {
    const formOk = S.data && typeof S.data === "object" && !(S.mode === "yaml" && S.lastCheckData === null);
    let f = null;
    if (formOk && d.path) {
      if (S.mode !== "form") { const ok = await switchTab("form"); if (!ok) return goToLine(d.line); }
      f = findField(d.path);
    }
    if (!f) return goToLine(d.line);
    revealField(f);
    f.scrollIntoView({ block: "center" });
    const c = f.matches("input, textarea, select") ? f : f.querySelector("textarea:not([hidden]), input, select");
    if (c) c.focus({ preventScroll: true });
    f.classList.add("flash");
    setTimeout(() => f.classList.remove("flash"), 1200);
  }

  async function goToLine(line) {
    if (S.mode !== "yaml") await switchTab("yaml");
    const t = $("#yaml-text");
    const lines = t.value.split("\n");
    const ln = Math.max(1, Math.min(line || 1, lines.length));
    let start = 0;
    for (let i = 0; i < ln - 1; i++) start += lines[i].length + 1;
    t.focus();
    t.setSelectionRange(start, start + lines[ln - 1].length);
    const lh = parseFloat(getComputedStyle(t).lineHeight) || 18;
    t.scrollTop = Math.max(0, (ln - 5) * lh);
    syncLineNumbers();
  }

  function updateNumbers() {
    $$("[data-num]", $("#form-view")).forEach((n) => {
      const s = n.querySelector(":scope > .node-head > .num");
      if (s) s.textContent = S.numbers[n.dataset.num] || "";
    });
  }

  // ---------------------------------------------------------------- check and preview
  function scheduleCheck() {
    clearTimeout(S.checkTimer);
    $("#preview-state").textContent = "đang chờ…";
    S.checkTimer = setTimeout(() => { runCheck(); }, CHECK_DELAY);
  }

  async function runCheck(opts) {
    clearTimeout(S.checkTimer);
    S.checkTimer = null;
    const seq = ++S.checkSeq;
    const withText = S.source === "data" && (S.mode === "yaml" || !!(opts && opts.withText));
    const body = stateBody(withText ? { with_text: true } : {});
    const p = (async () => {
      try {
        const r = await apiJSON("POST", "/api/kiem-tra", body);
        if (seq !== S.checkSeq) return;
        S.diagnostics = r.diagnostics || [];
        S.numbers = r.numbers || {};
        S.lastCheckData = r.data === undefined ? S.lastCheckData : r.data;
        if (typeof r.text === "string" && S.source === "data") {
          S.text = r.text;
          S.textStale = false;
          if (S.mode !== "yaml") setYamlText(r.text);
        }
        renderDiagList();
        applyDiagnostics();
        updateNumbers();
        if (S.mode === "yaml") yamlNote();
        if (S.source === "text" && r.data === null) previewUnreadable();
        else requestPreview();
      } catch (err) {
        if (seq !== S.checkSeq) return;
        setStatus(err.message, "error");
      }
    })();
    S.checkPromise = p;
    return p;
  }

  async function flushCheck(withText) {
    if (S.checkTimer || (withText && S.textStale && S.source === "data")) await runCheck({ withText });
    else if (S.checkPromise) await S.checkPromise;
  }

  function requestPreview() {
    if (S.previewBusy) { S.previewAgain = true; return; }
    runPreview();
  }

  async function runPreview() {
    S.previewBusy = true;
    S.previewAgain = false;
    const stateEl = $("#preview-state");
    stateEl.textContent = "đang cập nhật…";
    const msg = $("#preview-message");
    try {
      const resp = await api("POST", "/api/xem-truoc", stateBody());
      if (resp.status === 422 || !resp.ok) {
        let m = `Chưa xem trước được (máy chủ trả lỗi ${resp.status}).`;
        try { const j = await resp.json(); if (j && j.message) m = j.message; } catch (_) { /* not JSON */ }
        m = m.trim();
        if (!/[.!?:…]$/.test(m)) m += ".";
        msg.textContent = m + (hasPreview() ? " Bên dưới là bản xem trước gần nhất." : "");
        msg.hidden = false;
        stateEl.textContent = "";
        if (!hasPreview()) $("#preview").replaceChildren(el("p", { class: "empty" }, "Chưa có bản xem trước."));
      } else {
        const blob = await resp.blob();
        await showPreview(blob);
        msg.hidden = true;
        stateEl.textContent = "đã cập nhật lúc " + hhmm(new Date());
      }
    } catch (err) {
      msg.textContent = err.message;
      msg.hidden = false;
      stateEl.textContent = "";
    } finally {
      S.previewBusy = false;
      if (S.previewAgain) runPreview();
    }
  }

  // The YAML cannot be read: no preview request (it would only be refused), say why.
  function previewUnreadable() {
    const msg = $("#preview-message");
    msg.textContent = "Chưa xem trước được: tệp YAML chưa đọc được — hãy sửa các lỗi được đánh dấu." + (hasPreview() ? " Bên dưới là bản xem trước gần nhất." : "");
    msg.hidden = false;
    $("#preview-state").textContent = "";
    if (!hasPreview()) $("#preview").replaceChildren(el("p", { class: "empty" }, "Chưa có bản xem trước."));
  }

  function hasPreview() { return !!$("#preview .docx-wrapper, #preview section.docx"); }

  async function showPreview(blob) {
    const pane = $("#preview");
    if (!window.docx || !window.docx.renderAsync) throw new Error("Không nạp được thư viện xem trước (docx-preview).");
    const fresh = el("div", { class: "preview-doc staging" });
    pane.append(fresh);
    await window.docx.renderAsync(blob, fresh, null, {
      inWrapper: true, breakPages: true, ignoreLastRenderedPageBreak: true, experimental: false,
      className: "docx", ignoreWidth: false, ignoreHeight: false, renderHeaders: true, renderFooters: true,
      renderFootnotes: true, renderEndnotes: true, useBase64URL: true,
    });
    const scroll = pane.scrollTop;
    $$(":scope > :not(.staging)", pane).forEach((n) => n.remove());
    fresh.classList.remove("staging");
    fitPreview();
    pane.scrollTop = scroll;
    resyncPreview();
  }

  // Scale the A4 pages to the pane's width (text stays selectable).
  function fitPreview() {
    const pane = $("#preview");
    const sec = pane.querySelector("section.docx");
    const wrap = pane.querySelector(".docx-wrapper");
    if (!sec || !wrap) return;
    wrap.style.zoom = "";
    const pageW = sec.offsetWidth + 32;
    const avail = pane.clientWidth - 8;
    const z = Math.min(1, avail / pageW);
    wrap.style.zoom = String(z);
  }
  window.addEventListener("resize", () => fitPreview());

  // ---------------------------------------------------------------- YAML tab
  function setYamlText(text) {
    const t = $("#yaml-text");
    if (t.value !== text) t.value = text;
    syncLineNumbers();
  }

  function syncLineNumbers() {
    const t = $("#yaml-text");
    const n = t.value.split("\n").length;
    const pre = $("#yaml-lines");
    if (pre.dataset.n !== String(n)) {
      let s = "";
      for (let i = 1; i <= n; i++) s += i + "\n";
      pre.textContent = s;
      pre.dataset.n = String(n);
    }
    pre.scrollTop = t.scrollTop;
  }

  function yamlNote() {
    const note = $("#yaml-note");
    if (S.lastCheckData === null) {
      note.textContent = "Tệp YAML chưa đọc được (xem lỗi bên trên), nên chưa chuyển sang biểu mẫu được. Sửa xong, biểu mẫu sẽ hiện lại.";
      note.hidden = false;
    } else note.hidden = true;
  }

  async function switchTab(mode) {
    if (mode === S.mode) return true;
    if (mode === "yaml") {
      await flushCheck(true);
      setYamlText(S.text);
    } else {
      if (S.source === "text") {
        await flushCheck();
        if (S.lastCheckData === null || S.lastCheckData === undefined) {
          yamlNote();
          $("#yaml-note").hidden = false;
          $("#yaml-note").textContent = "Chưa chuyển sang biểu mẫu được: tệp YAML chưa đọc được (xem lỗi bên trên). Hãy sửa lỗi trước.";
          flash($("#yaml-note"));
          return false;
        }
        S.data = S.lastCheckData;
        rebuildForm();
      }
    }
    S.mode = mode;
    $("#tab-form").classList.toggle("active", mode === "form");
    $("#tab-yaml").classList.toggle("active", mode === "yaml");
    $("#tab-form").setAttribute("aria-selected", String(mode === "form"));
    $("#tab-yaml").setAttribute("aria-selected", String(mode === "yaml"));
    $("#form-view").hidden = mode !== "form";
    $("#yaml-view").hidden = mode !== "yaml";
    $("#field-help").hidden = mode !== "form";
    $("#btn-expand").hidden = mode !== "form";
    $("#btn-collapse").hidden = mode !== "form";
    if (mode === "yaml") { yamlNote(); syncLineNumbers(); }
    return true;
  }

  function flash(e) { e.classList.add("flash"); setTimeout(() => e.classList.remove("flash"), 1200); }

  // ---------------------------------------------------------------- dialogs
  function confirmBox(message) {
    const dlg = $("#dlg-confirm");
    $("#confirm-message").textContent = message;
    return new Promise((resolve) => {
      const done = (v) => { dlg.close(); yes.onclick = no.onclick = null; dlg.oncancel = null; resolve(v); };
      const yes = $("#confirm-yes"), no = $("#confirm-no");
      yes.onclick = () => done(true);
      no.onclick = () => done(false);
      dlg.oncancel = (e) => { e.preventDefault(); done(false); };
      dlg.showModal();
      no.focus();
    });
  }

  // ---------------------------------------------------------------- load, save, download
  function applyServerState(r) {
    if (r.version !== undefined) S.version = r.version;
    if (typeof r.text === "string") { S.text = r.text; setYamlText(r.text); }
    if (r.data !== undefined) { S.data = r.data; S.lastCheckData = r.data; }
    S.diagnostics = r.diagnostics || [];
    S.numbers = r.numbers || {};
  }

  async function load() {
    setStatus("Đang mở…");
    try {
      const [schema, reg, plan] = await Promise.all([
        apiJSON("GET", "/api/schema"),
        apiJSON("GET", "/api/co-quan").catch(() => ({ registry: [] })),
        apiJSON("GET", "/api/ke-hoach?tep=" + encodeURIComponent(TEP)),
      ]);
      S.schema = schema;
      S.defs = schema.$defs || schema.definitions || {};
      prepareRegistry(reg && reg.registry);
      applyServerState(plan);
      S.pdf = plan.pdf || { available: false, message: "" };
      S.source = "data";
      const pdf = $("#btn-pdf");
      pdf.disabled = !S.pdf.available;
      pdf.title = S.pdf.available ? "Tải bản PDF của bản đang sửa" : (S.pdf.message || "Máy này chưa xuất được PDF.");
      $("#btn-save").disabled = false;
      $("#btn-word").disabled = false;
      S.dirty = false;
      refreshStatus();
      renderDiagList();
      if (S.data === null || typeof S.data !== "object") {
        S.source = "text";
        S.lastCheckData = null;
        rebuildForm();
        S.mode = "form";
        await switchTab("yaml");
        previewUnreadable();
      } else {
        rebuildForm();
        requestPreview();
      }
    } catch (err) {
      setStatus(err.message, "error");
      $("#form-view").replaceChildren(el("p", { class: "empty error" }, "Không mở được kế hoạch: " + err.message));
      $("#preview").replaceChildren();
    }
  }

  async function save(extra) {
    await flushCheck();
    const seq = S.editSeq;
    setStatus("Đang lưu…");
    const body = stateBody(Object.assign({ version: S.version }, extra || {}));
    try {
      const resp = await api("POST", "/api/luu", body);
      const j = await resp.json().catch(() => null);
      if (resp.status === 409 && j) { showConflict(j); refreshStatus(); return; }
      if (!resp.ok) throw new Error((j && j.message) || `Không lưu được (lỗi ${resp.status}).`);
      if (j.tep && j.tep !== TEP) {
        S.dirty = false;
        window.location.href = "/sua?tep=" + encodeURIComponent(j.tep);
        return;
      }
      S.version = j.version;
      if (typeof j.text === "string") { S.text = j.text; if (S.mode === "yaml" && S.editSeq === seq) setYamlText(j.text); else if (S.mode !== "yaml") setYamlText(j.text); }
      if (j.diagnostics && S.editSeq === seq) { S.diagnostics = j.diagnostics; S.numbers = j.numbers || S.numbers; renderDiagList(); applyDiagnostics(); updateNumbers(); }
      S.savedAt = new Date();
      if (S.editSeq === seq) S.dirty = false;
      refreshStatus();
    } catch (err) {
      setStatus(err.message, "error");
    }
  }

  function showConflict(j) {
    const dlg = $("#dlg-conflict");
    $("#conflict-message").textContent = j.message || ("Tệp trên đĩa đã đổi sau khi bạn mở nó. Chọn “Tải lại bản trên đĩa” để bỏ các thay đổi của bạn, "
      + "hoặc “Giữ cả hai” để lưu bản của bạn thành một tệp mới bên cạnh.");
    $("#conflict-reload").onclick = async () => { dlg.close(); await reloadFromDisk(); };
    $("#conflict-keep").onclick = async () => { dlg.close(); await save({ keep_both: true }); };
    $("#conflict-cancel").onclick = () => dlg.close();
    dlg.showModal();
  }

  async function reloadFromDisk() {
    setStatus("Đang tải lại…");
    try {
      const r = await apiJSON("GET", "/api/ke-hoach?tep=" + encodeURIComponent(TEP));
      applyServerState(r);
      S.source = "data";
      S.dirty = false;
      S.savedAt = null;
      renderDiagList();
      if (S.data === null) { S.source = "text"; await switchTab("yaml"); }
      rebuildForm();
      refreshStatus();
      setStatus("Đã tải lại bản trên đĩa", "ok");
      requestPreview();
    } catch (err) { setStatus(err.message, "error"); }
  }

  function fileNameFrom(resp, fallback) {
    const cd = resp.headers.get("Content-Disposition") || "";
    let m = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd);
    if (m) { try { return decodeURIComponent(m[1].trim().replace(/^"|"$/g, "")); } catch (_) { /* fall through */ } }
    m = /filename\s*=\s*"([^"]+)"/.exec(cd) || /filename\s*=\s*([^;]+)/.exec(cd);
    return m ? m[1].trim() : fallback;
  }

  async function download(kind) {
    await flushCheck();
    const btn = kind === "pdf" ? $("#btn-pdf") : $("#btn-word");
    const old = btn.textContent;
    btn.disabled = true;
    btn.textContent = kind === "pdf" ? "Đang xuất PDF…" : "Đang xuất…";
    try {
      const resp = await api("POST", kind === "pdf" ? "/api/tai-pdf" : "/api/tai-word", stateBody());
      if (!resp.ok) {
        let m = `Không xuất được (lỗi ${resp.status}).`;
        try { const j = await resp.json(); if (j && j.message) m = j.message; } catch (_) { /* not JSON */ }
        throw new Error(m);
      }
      const blob = await resp.blob();
      const base = TEP.split("/").pop().replace(/\.ya?ml$/i, "");
      const name = fileNameFrom(resp, base + (kind === "pdf" ? ".pdf" : ".docx"));
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 2000);
      setStatus(`Đã tạo ${name}`, "ok");
      setTimeout(refreshStatus, 4000);
    } catch (err) {
      setStatus(err.message, "error");
    } finally {
      btn.textContent = old;
      btn.disabled = kind === "pdf" ? !S.pdf.available : false;
    }
  }

  async function showHistory() {
    const dlg = $("#dlg-history");
    const body = $("#history-body");
    body.replaceChildren(el("p", {}, "Đang tải…"));
    $("#history-close").onclick = () => dlg.close();
    dlg.showModal();
    try {
      const r = await apiJSON("GET", "/api/lich-su?tep=" + encodeURIComponent(TEP));
      const vs = r.versions || [];
      if (!vs.length) { body.replaceChildren(el("p", { class: "muted" }, "Chưa có bản cũ nào: bản cũ được giữ lại từ lần lưu đầu tiên.")); return; }
      const table = el("table", { class: "history" }, el("thead", {}, el("tr", {}, el("th", {}, "Lúc lưu"), el("th", {}, "Cỡ tệp"), el("th", {}, ""))));
      const tb = el("tbody");
      vs.forEach((v) => {
        tb.append(el("tr", {}, el("td", {}, v.time), el("td", {}, formatSize(v.size)),
          el("td", {}, el("button", { type: "button", class: "small", onclick: async () => {
            if (S.dirty && !(await confirmBox("Các thay đổi chưa lưu sẽ mất. Khôi phục bản lúc " + v.time + "?"))) return;
            dlg.close();
            await restore(v);
          } }, "Khôi phục"))));
      });
      table.append(tb);
      body.replaceChildren(table);
    } catch (err) {
      body.replaceChildren(el("p", { class: "error" }, err.message));
    }
  }

  function formatSize(n) {
    if (typeof n !== "number") return "";
    if (n < 1024) return n + " byte";
    return (n / 1024).toFixed(1).replace(".", ",") + " KB";
  }

  async function restore(v) {
    setStatus("Đang khôi phục…");
    try {
      const resp = await api("POST", "/api/khoi-phuc", { tep: TEP, id: v.id, version: S.version });
      const j = await resp.json().catch(() => null);
      if (resp.status === 409 && j) { showConflict(j); return; }
      if (!resp.ok) throw new Error((j && j.message) || `Không khôi phục được (lỗi ${resp.status}).`);
      applyServerState(j);
      S.source = "data";
      S.dirty = false;
      S.savedAt = new Date();
      renderDiagList();
      if (S.data === null) { S.source = "text"; await switchTab("yaml"); }
      rebuildForm();
      refreshStatus();
      setStatus(j.message || ("Đã khôi phục bản lúc " + v.time), "ok");
      requestPreview();
    } catch (err) { setStatus(err.message, "error"); }
  }

  // ---------------------------------------------------------------- wiring
  function showHelp(e) {
    const bar = $("#field-help");
    const f = e.target.closest && e.target.closest("[data-hint]");
    if (!f) return;
    const lab = f.querySelector(".field-label, legend, .check-label");
    const name = lab ? lab.textContent.replace(/\s*\*$/, "").replace(/✕$/, "").trim() : "";
    let hint = f.dataset.hint;
    // descriptions often start with the field's own name ("Thời hạn: …"): say it once
    const m = /^([^:]{1,40}):\s*/.exec(hint);
    if (m && name && fold(m[1]) === fold(name)) hint = hint.slice(m[0].length);
    bar.replaceChildren(name ? el("b", {}, name + ": ") : "", hint);
  }

  // Scroll the preview to the paragraph of the part or item being edited.
  let syncTimer = null;
  function syncPreview(e) {
    const node = e.target.closest && e.target.closest(".node");
    if (!node) return;
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => syncPreviewTo(node), 250);
  }

  // After the preview is redrawn: follow the item being typed into (a new task appears in view),
  // unless its paragraph is already visible.
  function resyncPreview() {
    const a = document.activeElement;
    const node = a && $("#form-view").contains(a) ? a.closest(".node") : null;
    if (node) syncPreviewTo(node, true);
  }

  function syncPreviewTo(node, onlyIfHidden) {
    if (!node.isConnected) return;
    const o = nodeObj(node);
    const para = Array.isArray(o.noi_dung) ? o.noi_dung[0] : o.noi_dung;
    const probe = String((node.classList.contains("part-node") ? o.tieu_de : (para || o.tieu_de)) || "").replace(/\s+/g, " ").trim().slice(0, 60);
    if (probe.length < 4) return;
    const want = fold(probe);
    const pane = $("#preview");
    const p = $$("section.docx p", pane).find((x) => fold(x.textContent.replace(/\s+/g, " ")).includes(want));
    if (!p) return;
    const r = p.getBoundingClientRect(), pr = pane.getBoundingClientRect();
    const visible = r.top >= pr.top && r.bottom <= pr.bottom;
    if (!(onlyIfHidden && visible)) {
      const top = r.top - pr.top + pane.scrollTop;
      pane.scrollTo({ top: Math.max(0, top - pane.clientHeight / 3), behavior: "smooth" });
    }
    $$(".synced", pane).forEach((x) => x.classList.remove("synced"));
    p.classList.add("synced");
  }

  function wire() {
    $("#form-view").addEventListener("focusin", showHelp);
    $("#form-view").addEventListener("focusin", syncPreview);
    $("#tab-form").addEventListener("click", () => switchTab("form"));
    $("#tab-yaml").addEventListener("click", () => switchTab("yaml"));
    $("#btn-save").addEventListener("click", () => save());
    $("#btn-word").addEventListener("click", () => download("word"));
    $("#btn-pdf").addEventListener("click", () => download("pdf"));
    $("#btn-history").addEventListener("click", showHistory);
    $("#btn-expand").addEventListener("click", () => $$(".node", $("#form-view")).forEach((n) => toggleNode(n, nodeObj(n), false)));
    // "Thu gọn hết" keeps the parts open: what remains is the outline of numbered items, one line each.
    $("#btn-collapse").addEventListener("click", () => {
      $$(".part-node", $("#form-view")).forEach((n) => toggleNode(n, nodeObj(n), false));
      $$(".item-node", $("#form-view")).forEach((n) => toggleNode(n, nodeObj(n), true));
    });
    $("#diag-toggle").addEventListener("click", () => {
      const box = $("#diagnostics");
      const open = !box.classList.toggle("closed");
      $("#diag-toggle").setAttribute("aria-expanded", String(open));
    });
    const t = $("#yaml-text");
    t.addEventListener("input", () => {
      S.text = t.value;
      S.source = "text";
      markDirty();
      syncLineNumbers();
      scheduleCheck();
    });
    t.addEventListener("scroll", syncLineNumbers);
    t.addEventListener("keydown", (e) => {
      if (e.key === "Tab" && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        const s = t.selectionStart;
        t.setRangeText("  ", s, t.selectionEnd, "end");
        t.dispatchEvent(new Event("input"));
      }
    });
    document.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) { e.preventDefault(); save(); }
    });
    window.addEventListener("beforeunload", (e) => {
      if (S.dirty) { e.preventDefault(); e.returnValue = ""; return ""; }
      return undefined;
    });
  }

  // The object a tree node stands for (for remembering collapse state).
  function nodeObj(n) {
    const p = n.dataset.path.split("/");
    let o = S.data;
    for (const s of p) {
      if (o === undefined || o === null) return {};
      o = Array.isArray(o) && !/^\d+$/.test(s) ? (s === "muc" ? o : o[s]) : o[/^\d+$/.test(s) ? Number(s) : s];
    }
    return o && typeof o === "object" ? o : {};
  }

  document.addEventListener("DOMContentLoaded", () => { wire(); load(); });
})();
