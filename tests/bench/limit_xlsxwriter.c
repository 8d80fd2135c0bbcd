/* The machine's limit for rendering forms (compare.sh): the plainest libxlsxwriter program writing workbooks of
 * the same size as audit-template's forms, with no template, no validation and no formulas: CELLS text cells of
 * about 40 characters in rows of 8 on one sheet, 4 formats, one workbook per number in [FROM, TO), named
 * OUT/form-N.xlsx. Two processes over the two halves show what two cores give.
 *   cc -O2 limit_xlsxwriter.c -lxlsxwriter -o limit_xlsxwriter
 *   limit_xlsxwriter OUT FROM TO CELLS */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char** argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: limit_xlsxwriter OUT FROM TO CELLS\n");
        return 64;
    }
    const int from = atoi(argv[2]), to = atoi(argv[3]), cells = atoi(argv[4]);
    char path[4096], text[64];
    for (int n = from; n < to; ++n) {
        snprintf(path, sizeof path, "%s/form-%d.xlsx", argv[1], n);
        lxw_workbook* wb = workbook_new(path);
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Form");
        lxw_format* fmts[4];
        for (int f = 0; f < 4; ++f) {
            fmts[f] = workbook_add_format(wb);
            format_set_font_size(fmts[f], 9 + f);
            if (f & 1) format_set_bold(fmts[f]);
            if (f & 2) format_set_text_wrap(fmts[f]);
        }
        for (int c = 0; c < cells; ++c) {
            snprintf(text, sizeof text, "Case C%06d answer %d: evidence recorded", n, c);
            worksheet_write_string(ws, (lxw_row_t)(c / 8), (lxw_col_t)(c % 8), text, fmts[c % 4]);
        }
        if (workbook_close(wb) != LXW_NO_ERROR) return 74;
    }
    return 0;
}
