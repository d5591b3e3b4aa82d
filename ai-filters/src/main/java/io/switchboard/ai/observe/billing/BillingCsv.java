package io.switchboard.ai.observe.billing;

import java.util.List;

/** The ledger's rows as CSV (RFC 4180: CRLF line ends, fields quoted when needed, quotes doubled). */
final class BillingCsv {

  private BillingCsv() {
  }

  static String of(BillingDimension by, List<BillingRow> rows) {
    StringBuilder out = new StringBuilder();
    out.append("period,").append(by.id()).append(",requests,input_tokens,output_tokens,cached_tokens,cost_usd\r\n");
    for (BillingRow row : rows) {
      BillingTotals t = row.totals();
      out.append(field(row.period())).append(',').append(field(row.value())).append(',')
          .append(t.requests()).append(',').append(t.inputTokens()).append(',').append(t.outputTokens()).append(',')
          .append(t.cachedTokens()).append(',').append(t.costText()).append("\r\n");
    }
    return out.toString();
  }

  /**
   * A text field: quoted when it holds a comma, quote, CR or LF or starts or ends with a space; a leading
   * {@code = + - @} or tab (spreadsheet formula) is neutralised with a leading apostrophe.
   */
  static String field(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
        || (!v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' '));
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
