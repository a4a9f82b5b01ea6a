#!/usr/bin/env python3
"""Writes the answering-machine corpus (bench/src/main/resources/answering-machine/greetings.tsv).

Each row: language, kind (human | machine), the pause in ms (a person's second phrase after it; a
machine's silence before its beep), the beep's frequency in Hz (0: a machine that never beeps), the
beep's length in ms, the text with "|" where a person pauses and says it again. A person then waits
in silence; a machine, after its beep, records silence. The audio is made at bench time with flite
(English) and espeak-ng (German, Spanish), at 8 kHz through A-law with faint line noise:
AnsweringMachineBench. Deterministic: run it again after changing a greeting, and commit both.
"""
import os

HUMAN = {
    "en": ["Hello?", "Yes?", "Hello, Anna speaking.", "Hi, this is Tom.", "Hello, who is calling?", "Yeah, hello?",
           "Good morning, Miller residence.", "Hello? | Hello?", "Sarah here.", "Hi. | Who is this?",
           "Hello, this is Doctor Brown's office, how can I help you?"],
    "de": ["Hallo?", "Ja, bitte?", "Müller.", "Hallo, hier ist Anna.", "Guten Tag, Schmidt am Apparat.",
           "Ja, hallo? | Hallo?", "Wer ist da?", "Hier bei Weber.", "Ja? | Hallo, wer ist da?"],
    "es": ["¿Diga?", "¿Sí?", "Hola, ¿quién es?", "Dígame.", "Buenas tardes, habla Carmen.", "¿Bueno? | ¿Bueno?",
           "Hola, soy Pablo.", "Sí, dígame.", "¿Aló? | ¿Quién habla?"],
}

# (text, pause before the beep in ms, beep Hz (0: none), beep ms)
MACHINE = {
    "en": [("Hi, you have reached Mark. I can't take your call right now, please leave a message after the beep.", 300, 1000, 500),
           ("The person you are calling is not available. Please leave your message after the tone.", 500, 1400, 300),
           ("Hello, this is the voicemail of Julia Peters. Leave me a message and I will call you back.", 200, 850, 800),
           ("Thanks for calling Acme Plumbing. Our office is closed. Please leave your name and number after the tone.", 400, 1000, 1000),
           ("You have reached five five five, zero one four two. Please leave a message.", 600, 440, 400),
           ("Hey, it's Dave. Leave a message.", 300, 1000, 500),
           ("Please leave a message after the tone.", 200, 1800, 250),
           ("Hello, you've reached the Garcia family. We can't come to the phone. Speak after the beep.", 300, 950, 600),
           ("Sorry I missed your call. Leave your name and number and I'll get back to you.", 700, 0, 0),
           ("The mailbox of extension two one four is full, please try again later. Goodbye.", 500, 0, 0)],
    "de": [("Hallo, hier ist der Anrufbeantworter von Peter Schmidt. Ich bin gerade nicht erreichbar. Bitte hinterlassen Sie eine Nachricht nach dem Signalton.", 300, 1000, 500),
           ("Der gewünschte Gesprächspartner ist zurzeit nicht erreichbar. Sie können eine Nachricht hinterlassen.", 500, 1400, 400),
           ("Guten Tag, Sie sind verbunden mit der Praxis Doktor Weber. Unsere Sprechzeiten sind montags bis freitags.", 400, 850, 700),
           ("Hallo, hier ist Anna. Sprich nach dem Piep.", 200, 1000, 300),
           ("Bitte sprechen Sie nach dem Signalton.", 300, 1200, 500),
           ("Willkommen bei der Mailbox von null eins fünf eins, eins zwei drei vier.", 600, 440, 600),
           ("Hier ist die Familie Becker. Wir sind leider nicht zu Hause. Hinterlassen Sie uns eine Nachricht.", 500, 0, 0),
           ("Dieser Anschluss ist vorübergehend nicht erreichbar. Bitte versuchen Sie es später noch einmal.", 400, 0, 0)],
    "es": [("Hola, has llamado a Lucía. Ahora no puedo atenderte, deja tu mensaje después de la señal.", 300, 1000, 500),
           ("El número al que llama no está disponible. Por favor, deje su mensaje después del tono.", 500, 1400, 300),
           ("Bienvenido al buzón de voz de Javier Ruiz. Deje su nombre y su número y le devolveré la llamada.", 400, 850, 800),
           ("Hola, soy Marta, deja un mensaje.", 300, 1000, 400),
           ("Deje su mensaje después de la señal.", 200, 1800, 250),
           ("Gracias por llamar a Ferretería López. Nuestro horario es de lunes a viernes de nueve a seis.", 600, 950, 600),
           ("En este momento no podemos atenderle. Por favor, deje su mensaje y le llamaremos.", 500, 0, 0),
           ("El teléfono móvil al que llama está apagado o fuera de cobertura.", 400, 0, 0)],
}

HUMAN_PAUSE = 1500


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "answering-machine")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "greetings.tsv"), "w", encoding="utf-8") as tsv:
        tsv.write("# language\tkind\tpause ms\tbeep Hz\tbeep ms\ttext (\"|\": the person pauses, then speaks again)\n")
        for language, greetings in HUMAN.items():
            for text in greetings:
                pause = HUMAN_PAUSE if "|" in text else 0
                tsv.write(f"{language}\thuman\t{pause}\t0\t0\t{text}\n")
        for language, greetings in MACHINE.items():
            for text, pause, hz, millis in greetings:
                tsv.write(f"{language}\tmachine\t{pause}\t{hz}\t{millis}\t{text}\n")


if __name__ == "__main__":
    main()
