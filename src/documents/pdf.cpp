#include "documents/pdf.hpp"

#include <cairo-pdf.h>
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace zc::documents {

namespace {

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutFree {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutFree>;

double HeightOf(PangoLayout* l) {
  int w = 0, h = 0;
  pango_layout_get_size(l, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

// The byte index of the first line of `l` whose bottom lies below `max_h` (the text's size when all fit).
size_t FitIndex(PangoLayout* l, double max_h, size_t text_size) {
  PangoLayoutIter* it = pango_layout_get_iter(l);
  size_t index = text_size;
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    if (static_cast<double>(logical.y + logical.height) / PANGO_SCALE > max_h) {
      index = static_cast<size_t>(pango_layout_iter_get_line_readonly(it)->start_index);
      break;
    }
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return index;
}

constexpr double kPad = 4;
constexpr double kLine = 0.6;
constexpr double kCellSize = 10;

}  // namespace

PdfWriter::PdfWriter(const std::string& title) {
  surface_ = cairo_pdf_surface_create_for_stream(Append, &out_, width_, height_);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("cairo: no PDF surface");
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "zhicheng");
  cr_ = cairo_create(surface_);
}

PdfWriter::~PdfWriter() {
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

PangoLayout* PdfWriter::Layout(const std::string& text, double size, double width, bool bold,
                               const char* family) {
  PangoLayout* l = pango_cairo_create_layout(cr_);
  PangoFontDescription* fd = pango_font_description_new();
  pango_font_description_set_family(fd, family);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  // One face for the whole form: every embedded CJK face costs ~300 kB (cairo keeps the CFF subroutines of
  // a subset) and the time to compress it, so emphasis is size and shading, not a bold face.
  (void)bold;
  pango_font_description_set_weight(fd, PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  if (width > 0) {
    pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
  return l;
}

void PdfWriter::EndPage() {
  if (hook_) {
    cairo_save(cr_);
    hook_(cr_, page_, width_, height_);
    cairo_restore(cr_);
  }
  cairo_show_page(cr_);
}

void PdfWriter::NewPage() {
  EndPage();
  ++page_;
  y_ = kTop;
  page_has_content_ = false;
}

void PdfWriter::Title(const std::string& text, double size) {
  LayoutPtr l(Layout(text, size, ContentWidth(), true));
  pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
  cairo_move_to(cr_, kMargin, y_);
  pango_cairo_show_layout(cr_, l.get());
  y_ += HeightOf(l.get()) + 6;
  page_has_content_ = true;
}

void PdfWriter::Centered(const std::string& text, double size) {
  LayoutPtr l(Layout(text, size, ContentWidth()));
  pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
  cairo_move_to(cr_, kMargin, y_);
  pango_cairo_show_layout(cr_, l.get());
  y_ += HeightOf(l.get()) + 4;
  page_has_content_ = true;
}

void PdfWriter::Section(const std::string& text, double keep) {
  LayoutPtr l(Layout(text, 12, ContentWidth(), true));
  const double h = HeightOf(l.get());
  if (y_ + h + keep > Bottom() && page_has_content_) NewPage();
  y_ += 6;
  cairo_move_to(cr_, kMargin, y_);
  pango_cairo_show_layout(cr_, l.get());
  y_ += h + 4;
  page_has_content_ = true;
}

void PdfWriter::Paragraph(const std::string& text, double size) {
  std::string rest = text;
  while (true) {
    LayoutPtr l(Layout(rest, size, ContentWidth()));
    const double h = HeightOf(l.get());
    if (y_ + h <= Bottom()) {
      cairo_move_to(cr_, kMargin, y_);
      pango_cairo_show_layout(cr_, l.get());
      y_ += h + 4;
      page_has_content_ = true;
      return;
    }
    const size_t cut = FitIndex(l.get(), Bottom() - y_, rest.size());
    if (cut == 0) {
      NewPage();
      continue;
    }
    LayoutPtr head(Layout(rest.substr(0, cut), size, ContentWidth()));
    cairo_move_to(cr_, kMargin, y_);
    pango_cairo_show_layout(cr_, head.get());
    rest = rest.substr(cut);
    NewPage();
  }
}

void PdfWriter::Row(const std::vector<double>& widths, std::vector<std::string> cells, bool bold, double size,
                    const std::vector<std::string>* repeat_header) {
  // The header repeated on each new page must leave room for the row: one taller than a third of a page (a
  // header cell carrying a long text) is not repeated, or a row that needs a fresh page would never get one.
  double header_h = 0;
  if (repeat_header) {
    for (size_t i = 0; i < repeat_header->size() && i < widths.size(); ++i) {
      LayoutPtr l(Layout((*repeat_header)[i], size, widths[i] - 2 * kPad, true));
      header_h = std::max(header_h, HeightOf(l.get()) + 2 * kPad);
    }
    if (header_h > (Bottom() - kTop) / 3) {
      repeat_header = nullptr;
      header_h = 0;
    }
  }
  bool fresh = false;
  while (true) {
    std::vector<LayoutPtr> layouts;
    double h = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      layouts.emplace_back(Layout(cells[i], size, widths[i] - 2 * kPad, bold));
      h = std::max(h, HeightOf(layouts.back().get()));
    }
    const double row_h = h + 2 * kPad;
    const double avail = Bottom() - y_;
    const double page_room = Bottom() - kTop - header_h;  // a fresh page, less the repeated header
    auto draw = [&](const std::vector<LayoutPtr>& ls, double height) {
      double x = kMargin;
      for (size_t i = 0; i < ls.size(); ++i) {
        if (bold) {
          cairo_set_source_rgb(cr_, 0.93, 0.93, 0.93);
          cairo_rectangle(cr_, x, y_, widths[i], height);
          cairo_fill(cr_);
          cairo_set_source_rgb(cr_, 0, 0, 0);
        }
        cairo_rectangle(cr_, x, y_, widths[i], height);
        cairo_set_line_width(cr_, kLine);
        cairo_stroke(cr_);
        cairo_move_to(cr_, x + kPad, y_ + kPad);
        pango_cairo_show_layout(cr_, ls[i].get());
        x += widths[i];
      }
      y_ += height;
      page_has_content_ = true;
    };
    if (row_h <= avail) {
      draw(layouts, row_h);
      return;
    }
    if (row_h <= page_room || avail < 3 * size) {
      // Move the whole row to the next page (or, for a row taller than a page, start it on a fresh one).
      NewPage();
      if (repeat_header) Row(widths, *repeat_header, true, size, nullptr);
      fresh = true;
      continue;
    }
    // Taller than what is left of a page: as many lines of every cell as fit here, the rest on the next.
    std::vector<LayoutPtr> heads;
    std::vector<std::string> rest(cells.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      const size_t cut = FitIndex(layouts[i].get(), avail - 2 * kPad, cells[i].size());
      heads.emplace_back(Layout(cells[i].substr(0, cut), size, widths[i] - 2 * kPad, bold));
      rest[i] = cells[i].substr(cut);
    }
    if (rest ==
        cells) {  // not one line fits here: try a fresh page, and there draw it whole rather than loop
      if (!fresh) {
        NewPage();
        if (repeat_header) Row(widths, *repeat_header, true, size, nullptr);
        fresh = true;
        continue;
      }
      draw(layouts, row_h);
      return;
    }
    fresh = true;  // the rest starts on a fresh page
    draw(heads, avail);
    cells = std::move(rest);
    NewPage();
    if (repeat_header) Row(widths, *repeat_header, true, size, nullptr);
  }
}

void PdfWriter::Table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows,
                      bool header) {
  double total = 0;
  for (const auto& c : columns) total += c.weight;
  std::vector<double> widths;
  std::vector<std::string> head;
  for (const auto& c : columns) {
    widths.push_back(ContentWidth() * c.weight / total);
    head.push_back(c.header);
  }
  if (header) {
    if (Bottom() - y_ < 60) NewPage();
    Row(widths, head, true, kCellSize, nullptr);
  }
  for (const auto& r : rows) {
    std::vector<std::string> cells = r;
    cells.resize(columns.size());
    Row(widths, std::move(cells), false, kCellSize, header ? &head : nullptr);
  }
  y_ += 6;
}

void PdfWriter::Pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  const std::vector<Column> cols = {
      {1.45, ""}, {2, ""}, {1.45, ""}, {2, ""}};  // 统一社会信用代码 on one line
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < pairs.size(); i += 2) {
    std::vector<std::string> r = {pairs[i].first, pairs[i].second, "", ""};
    if (i + 1 < pairs.size()) {
      r[2] = pairs[i + 1].first;
      r[3] = pairs[i + 1].second;
    }
    rows.push_back(std::move(r));
  }
  Table(cols, rows, false);
}

void PdfWriter::Box(const std::string& label, const std::string& text, double min_height,
                    const std::string& footer) {
  const double inner = ContentWidth() - 2 * kPad;
  LayoutPtr l_label(Layout(label, 10.5, inner, true));
  LayoutPtr l_text(Layout(text, kCellSize, inner));
  LayoutPtr l_footer(Layout(footer, kCellSize, inner));
  pango_layout_set_alignment(l_footer.get(), PANGO_ALIGN_RIGHT);
  const double content = HeightOf(l_label.get()) + 4 + (text.empty() ? 0 : HeightOf(l_text.get()) + 4) +
                         (footer.empty() ? 0 : HeightOf(l_footer.get()));
  const double h = std::max(min_height, content + 2 * kPad);
  if (h > Bottom() - kTop) {  // longer than a page: a heading and the text as paragraphs
    Section(label);
    Paragraph(text, kCellSize);
    if (!footer.empty()) Paragraph(footer, kCellSize);
    return;
  }
  if (y_ + h > Bottom()) NewPage();
  cairo_set_line_width(cr_, kLine);
  cairo_rectangle(cr_, kMargin, y_, ContentWidth(), h);
  cairo_stroke(cr_);
  double y = y_ + kPad;
  cairo_move_to(cr_, kMargin + kPad, y);
  pango_cairo_show_layout(cr_, l_label.get());
  y += HeightOf(l_label.get()) + 4;
  if (!text.empty()) {
    cairo_move_to(cr_, kMargin + kPad, y);
    pango_cairo_show_layout(cr_, l_text.get());
  }
  if (!footer.empty()) {
    cairo_move_to(cr_, kMargin + kPad, y_ + h - kPad - HeightOf(l_footer.get()));
    pango_cairo_show_layout(cr_, l_footer.get());
  }
  y_ += h + 8;
  page_has_content_ = true;
}

void PdfWriter::Draw(const std::function<void(cairo_t*)>& fn) {
  cairo_save(cr_);
  fn(cr_);
  cairo_restore(cr_);
}

void PdfWriter::Qr(const std::string& text, double x, double y, double size) {
  QRcode* q = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!q) throw std::runtime_error("qrencode failed");
  const int n = q->width;
  const double quiet = 2;  // modules of white around it, within `size`
  const double m = size / (n + 2 * quiet);
  cairo_save(cr_);
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_rectangle(cr_, x, y, size, size);
  cairo_fill(cr_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c)
      if (q->data[r * n + c] & 1) cairo_rectangle(cr_, x + (c + quiet) * m, y + (r + quiet) * m, m, m);
  cairo_fill(cr_);
  cairo_restore(cr_);
  QRcode_free(q);
}

std::string PdfWriter::Finish(int* pages, bool even) {
  EndPage();
  if (even && page_ % 2 == 1) {  // duplex: an even number of pages, the last one marked blank
    ++page_;
    y_ = height_ / 2 - 20;
    Centered("（本页空白）", 12);
    EndPage();
  }
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (pages) *pages = page_;
  return std::move(out_);
}

void Watermark(cairo_t* cr, double width, double height, const std::string& text, double size, double r,
               double g, double b, double alpha) {
  PangoLayout* l = pango_cairo_create_layout(cr);
  const std::string font = std::string(PdfWriter::kFont) + " " + std::to_string(static_cast<int>(size));
  PangoFontDescription* fd = pango_font_description_from_string(font.c_str());
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
  cairo_set_source_rgba(cr, r, g, b, alpha);
  for (int i = 0; i < 4; ++i) {
    cairo_save(cr);
    cairo_translate(cr, width * 0.16, height * (0.28 + 0.21 * i));
    cairo_rotate(cr, -M_PI / 7);
    cairo_move_to(cr, 0, 0);
    pango_cairo_show_layout(cr, l);
    cairo_restore(cr);
  }
  g_object_unref(l);
}

void Footer(cairo_t* cr, double height, const std::string& text, double width) {
  PangoLayout* l = pango_cairo_create_layout(cr);
  PangoFontDescription* small = pango_font_description_from_string("Noto Serif CJK SC 8");
  pango_layout_set_font_description(l, small);
  pango_font_description_free(small);
  if (width > 0) {
    pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_CHAR);  // hashes are long words: fill each line
  }
  pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  cairo_move_to(cr, PdfWriter::kMargin, height - 40);
  pango_cairo_show_layout(cr, l);
  g_object_unref(l);
}

}  // namespace zc::documents
