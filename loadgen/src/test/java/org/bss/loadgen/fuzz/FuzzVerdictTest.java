package org.bss.loadgen.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How answers are read and judged: a problem with its own status passes, anything else is a finding. */
class FuzzVerdictTest {

    private static Verdict judge(String answer, Exchange.End end) {
        byte[] bytes = Bytes.ascii(answer);
        Answers.Parse parse = Answers.parse(bytes, 0, bytes.length, true);
        List<Answers.Answer> answers = parse instanceof Answers.Complete complete ? List.of(complete.answer()) : List.of();
        String malformed = parse instanceof Answers.Malformed bad && bytes.length > 0 ? bad.reason() : null;
        return Verdict.of(new Exchange.Received(answers, end, bytes, malformed, 1), Duration.ofSeconds(30));
    }

    @Test
    void aProblemWhoseStatusIsTheAnswersPasses() {
        String body = "{\"type\":\"urn:bss:problem:invalid-event\",\"status\":400,\"title\":\"Invalid event\"}";
        Verdict chunked = judge("HTTP/1.1 400 \r\nContent-Type: application/problem+json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n", Exchange.End.CLOSED);
        assertThat(chunked.outcome()).isEqualTo(Outcome.PROBLEM);
        assertThat(chunked.status()).isEqualTo(400);
        Verdict sized = judge("HTTP/1.1 413 \r\nContent-Type: application/problem+json;charset=UTF-8\r\nContent-Length: 14\r\n\r\n{\"status\":413}",
                Exchange.End.CLOSED);
        assertThat(sized.outcome()).isEqualTo(Outcome.PROBLEM);
    }

    @Test
    void anythingElseIsAFinding() {
        assertThat(judge("HTTP/1.1 400 \r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 6\r\n\r\n<html>", Exchange.End.CLOSED).outcome())
                .isEqualTo(Outcome.NOT_PROBLEM);
        assertThat(judge("HTTP/1.1 400 \r\nContent-Type: application/problem+json\r\nContent-Length: 14\r\n\r\n{\"status\":401}",
                Exchange.End.CLOSED).outcome()).as("the wrong status").isEqualTo(Outcome.NOT_PROBLEM);
        assertThat(judge("HTTP/1.1 400 \r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{\"status\":400}",
                Exchange.End.CLOSED).outcome()).as("plain JSON").isEqualTo(Outcome.NOT_PROBLEM);
        assertThat(judge("HTTP/1.1 500 \r\nContent-Type: application/problem+json\r\nContent-Length: 14\r\n\r\n{\"status\":500}",
                Exchange.End.CLOSED).outcome()).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(judge("HTTP/1.1 202 \r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", Exchange.End.CLOSED).outcome())
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(judge("HTTP/1.1 302 \r\nLocation: /x\r\nContent-Length: 0\r\n\r\n", Exchange.End.CLOSED).outcome())
                .isEqualTo(Outcome.OTHER_STATUS);
        assertThat(judge("<!doctype html><html>Bad Request</html>", Exchange.End.CLOSED).outcome()).as("HTTP/0.9")
                .isEqualTo(Outcome.MALFORMED_ANSWER);
        assertThat(judge("HTTP/1.1 400 \r\nContent-Length: 100\r\n\r\nshort", Exchange.End.CLOSED).outcome()).isEqualTo(Outcome.MALFORMED_ANSWER);
    }

    @Test
    void aBatchAnswerRejectingEveryEventPassesAndOneAcceptingAnyDoesNot() {
        String refused = "{\"accepted\":0,\"rejected\":2,\"results\":[{\"index\":0,\"id\":null,\"status\":\"rejected\",\"error\":{\"status\":400}},"
                + "{\"index\":1,\"id\":\"a\",\"status\":\"rejected\",\"error\":{\"status\":403}}]}";
        assertThat(judge("HTTP/1.1 400 \r\nContent-Type: application/json\r\nContent-Length: " + refused.length() + "\r\n\r\n" + refused,
                Exchange.End.CLOSED).outcome()).isEqualTo(Outcome.BATCH_REFUSED);
        String partly = "{\"accepted\":1,\"rejected\":1,\"results\":[{\"index\":0,\"status\":\"accepted\"},{\"index\":1,\"status\":\"rejected\","
                + "\"error\":{\"status\":400}}]}";
        assertThat(judge("HTTP/1.1 207 \r\nContent-Type: application/json\r\nContent-Length: " + partly.length() + "\r\n\r\n" + partly,
                Exchange.End.CLOSED).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void noAnswerIsFineWhenTheServerClosesAndAFindingWhenItDoesNot() {
        assertThat(judge("", Exchange.End.CLOSED).outcome()).isEqualTo(Outcome.CLOSED);
        assertThat(judge("", Exchange.End.RESET).outcome()).isEqualTo(Outcome.CLOSED);
        assertThat(judge("", Exchange.End.TIMED_OUT).outcome()).isEqualTo(Outcome.HANG);
    }

    @Test
    void interimAnswersAreSkippedAndEveryFollowingAnswerIsJudged() {
        byte[] bytes = Bytes.ascii("HTTP/1.1 100 \r\n\r\nHTTP/1.1 400 \r\nContent-Type: application/problem+json\r\nContent-Length: 14\r\n\r\n"
                + "{\"status\":400}HTTP/1.1 400 \r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nhi");
        Answers.Parse first = Answers.parse(bytes, 0, bytes.length, false);
        assertThat(first).isInstanceOf(Answers.Complete.class);
        assertThat(((Answers.Complete) first).answer().status()).isEqualTo(100);
        Answers.Complete second = (Answers.Complete) Answers.parse(bytes, ((Answers.Complete) first).end(), bytes.length, false);
        Answers.Complete third = (Answers.Complete) Answers.parse(bytes, second.end(), bytes.length, false);
        Verdict verdict = Verdict.of(new Exchange.Received(List.of(second.answer(), third.answer()), Exchange.End.CLOSED, bytes, null, 1),
                Duration.ofSeconds(30));
        assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_PROBLEM);
        assertThat(verdict.mediaType()).isEqualTo("text/html");
    }
}
