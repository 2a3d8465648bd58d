/*
 * Apache RocketMQ 4.9.7's SQL92 filter as an oracle for Orbit's: reads one JSON request per line on stdin,
 * {"expr": "...", "props": [{...}, ...]}, compiles the expression with Apache's SelectorParser exactly as the
 * broker does (string conversion on), evaluates it against each property map, and prints one JSON answer per line:
 * {"error": "<cause.toString()>"} or {"complete": <all input consumed>, "results": ["TRUE"|"FALSE"|"NULL"|"EXCEPTION"|"OTHER"]}.
 *
 * Run with the Apache jars (interop/.cache/apache-lib) on the class path:
 *   java -cp 'interop/.cache/apache-lib/*' interop/filter/FilterOracle.java
 */
import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.JSONArray;
import com.alibaba.fastjson.JSONObject;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.filter.expression.BooleanExpression;
import org.apache.rocketmq.filter.expression.ComparisonExpression;
import org.apache.rocketmq.filter.expression.EvaluationContext;
import org.apache.rocketmq.filter.parser.SelectorParser;
import org.apache.rocketmq.filter.parser.SelectorParserConstants;
import org.apache.rocketmq.filter.parser.Token;

public class FilterOracle {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().isEmpty()) continue;
            JSONObject req = JSON.parseObject(line);
            out.println(answer(req.getString("expr"), req.getJSONArray("props")).toJSONString());
        }
    }

    static JSONObject answer(String expr, JSONArray propSets) {
        JSONObject res = new JSONObject();
        BooleanExpression e;
        boolean complete;
        // What SelectorParser.parse(sql) sets around parsing: every comparison converts strings.
        ComparisonExpression.CONVERT_STRING_EXPRESSIONS.set(true);
        try {
            SelectorParser p = new SelectorParser(new StringReader(expr));
            e = p.JmsSelector();
            Token next = p.getNextToken();
            complete = next.kind == SelectorParserConstants.EOF;
        } catch (Throwable t) {
            // The broker's remark is MQFilterException.getMessage(), which is this cause's toString().
            res.put("error", t.toString());
            return res;
        } finally {
            ComparisonExpression.CONVERT_STRING_EXPRESSIONS.remove();
        }
        res.put("complete", complete);
        JSONArray results = new JSONArray();
        for (int i = 0; propSets != null && i < propSets.size(); i++) {
            JSONObject o = propSets.getJSONObject(i);
            final Map<String, Object> props = new HashMap<>();
            for (String k : o.keySet()) props.put(k, o.getString(k));
            EvaluationContext ctx = new EvaluationContext() {
                public Object get(String name) {
                    return props.get(name);
                }

                public Map<String, Object> keyValues() {
                    return props;
                }
            };
            try {
                Object v = e.evaluate(ctx);
                results.add(v == null ? "NULL" : v instanceof Boolean ? (((Boolean) v) ? "TRUE" : "FALSE") : "OTHER");
            } catch (Throwable t) {
                results.add("EXCEPTION");
            }
        }
        res.put("results", results);
        return res;
    }
}
