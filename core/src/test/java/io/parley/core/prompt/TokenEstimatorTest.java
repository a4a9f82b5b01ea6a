package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.PromptMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenEstimatorTest {
  private final TokenEstimator estimator = new TokenEstimator();

  /** Real counts from the Llama 3 tokenizer (llama3-tokenizer-js 1.2.0, no BOS/EOS). */
  @ParameterizedTest(name = "{1} tokens: {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock = """
          Hi, I ordered a pair of running shoes last Tuesday and the tracking page still says "label created". Could you tell me when it will actually ship? | 31
          Thanks for waiting. I can't see your order details from here, but I can explain how refunds work once a return reaches our warehouse. | 28
          my password reset email never came?? tried 3 times already, checked spam. can i just talk to someone | 22
          You are a customer support assistant. Answer briefly and honestly. Never invent order numbers, ticket numbers, prices or policies. | 24
          Guten Tag, meine Bestellung von letzter Woche ist immer noch nicht angekommen. Können Sie mir sagen, wann sie geliefert wird? | 31
          Здравствуйте! Я заказал кроссовки на прошлой неделе, но они до сих пор не отправлены. | 29
          你好，我上周订购的跑鞋还没有发货。请问什么时候能到？ | 22
          こんにちは。先週注文した靴がまだ届いていません。 | 16
          안녕하세요. 지난주에 주문한 신발이 아직 도착하지 않았습니다. | 18
          Thanks!! 🙏🙏 that worked 😀👍 you're the best 🎉❤️ 👨‍👩‍👧‍👦 | 37
          {"orderId":"A-99812","status":"in_transit","eta":"2024-06-14T10:00:00Z","items":[{"sku":"RS-442","qty":1}]} | 43
          Ticket T-1042, order #558213, tracking 1Z999AA10123456784, IBAN DE89370400440532013000. | 33
          https://support.example.com/help/articles/12345-how-do-i-reset-my-password?utm_source=chat | 21
          """)
  void neverCountsLessThanTheLlama3Tokenizer(String text, int llama3Tokens) {
    int estimate = estimator.count(text);
    assertTrue(estimate >= llama3Tokens, estimate + " < " + llama3Tokens);
    assertTrue(estimate <= 2 * llama3Tokens, estimate + " is more than twice " + llama3Tokens);
  }

  @Test
  void overEstimatesEnglishChatByAFewTensOfPercent() {
    // Four English messages above: 105 tokens for Llama 3.
    String english = String.join(" ",
        "Hi, I ordered a pair of running shoes last Tuesday and the tracking page still says"
            + " \"label created\". Could you tell me when it will actually ship?",
        "Thanks for waiting. I can't see your order details from here, but I can explain how"
            + " refunds work once a return reaches our warehouse.",
        "my password reset email never came?? tried 3 times already, checked spam. can i just"
            + " talk to someone",
        "You are a customer support assistant. Answer briefly and honestly. Never invent order"
            + " numbers, ticket numbers, prices or policies.");
    double ratio = estimator.count(english) / 105.0;
    assertTrue(ratio >= 1.1 && ratio <= 1.6, "ratio " + ratio);
  }

  @Test
  void emptyTextIsFreeButAMessageStillPaysForItsFraming() {
    assertEquals(0, estimator.count(""));
    assertEquals(5, estimator.count(PromptMessage.user("")));
    assertEquals(5, estimator.count(List.of()));
  }

  @Test
  void aRequestCostsItsMessagesPlusTheAnswerHeader() {
    List<PromptMessage> messages =
        List.of(PromptMessage.system("Be brief."), PromptMessage.user("Where is my order?"));
    int expected =
        estimator.requestOverhead()
            + estimator.count(messages.get(0))
            + estimator.count(messages.get(1));
    assertEquals(expected, estimator.count(messages));
  }

  @Test
  void growsWithTheText() {
    int[] sample = "Where is my ORDER? 我的订单在哪里？ 👍 {\"id\": 42}\n  getId".codePoints().toArray();
    StringBuilder text = new StringBuilder();
    int previous = 0;
    for (int i = 0; i < 400; i++) {
      text.appendCodePoint(sample[i % sample.length]);
      int count = estimator.count(text.toString());
      assertTrue(count >= previous, "count fell from " + previous + " to " + count + " at " + text);
      previous = count;
    }
  }

  @Test
  void countsEmojiAndCjkAsTheyAreExpensive() {
    assertTrue(estimator.count("👍") >= 3);
    assertTrue(estimator.count("👨‍👩‍👧‍👦") >= 15);
    assertTrue(estimator.count("中华人民共和国") >= 7);
  }

  @Test
  void splitsNumbersAndIdentifiersAsTheTokenizerDoes() {
    assertTrue(estimator.count("1234567890") >= 4);
    assertTrue(estimator.count("getUserNameFromRequest") >= 5);
  }
}
