import { type BuiltInLocale, builtInLocales, namedStrings, type stringKeys } from './languages.js';
import type { Strings } from './types.js';

// All seven locales' wording: the npm entries and the single-file bundle carry this
// table; the script tag's UI does not, it gets one locale's list from its own file
// (dist/surveylet-<locale>.js, written from `wordings` at build time).
//
// Written for Surveylet. `{brand}` is the configured brand; the *NoBrand variants
// say "us" in each sentence's own grammar.
const nbsp = '\u00a0';

/**
 * One locale's wording, in the order of `stringKeys` (each line names its place): the
 * names are written once, not once per language, in every file that carries wording.
 */
type AsText<T extends readonly unknown[]> = { readonly [I in keyof T]: string };
type Wording = AsText<typeof stringKeys>;

export const wordings: Record<BuiltInLocale, Wording> = {
  en: [
    'How likely are you to recommend {brand} to a friend or colleague?', // npsQuestion
    'How likely are you to recommend us to a friend or colleague?', // npsQuestionNoBrand
    'Not at all likely', // npsLow
    'Extremely likely', // npsHigh
    'How satisfied are you with your experience today?', // csatQuestion
    'Very dissatisfied', // csatLow
    'Very satisfied', // csatHigh
    '{brand} made it easy for me to handle my issue.', // cesAgreementQuestion
    'You made it easy for me to handle my issue.', // cesAgreementQuestionNoBrand
    'Strongly disagree', // cesAgreementLow
    'Strongly agree', // cesAgreementHigh
    'How much effort did you personally have to put forth?', // cesEffortQuestion
    'Very low effort', // cesEffortLow
    'Very high effort', // cesEffortHigh
    'What could we do better?', // followUpNegative
    'What would make your experience better?', // followUpNeutral
    'What do you like most?', // followUpPositive
    'Please write an answer before sending.', // commentRequired
    'Send', // submit
    'Thank you for your feedback!', // thankYou
    'Close survey', // close
    'Feedback survey', // surveyLabel
  ],
  es: [
    '¿Qué probabilidad hay de que recomiendes {brand} a un amigo o colega?', // npsQuestion
    '¿Qué probabilidad hay de que nos recomiendes a un amigo o colega?', // npsQuestionNoBrand
    'Nada probable', // npsLow
    'Muy probable', // npsHigh
    '¿Qué tan satisfecho estás con tu experiencia de hoy?', // csatQuestion
    'Muy insatisfecho', // csatLow
    'Muy satisfecho', // csatHigh
    '{brand} me facilitó resolver mi problema.', // cesAgreementQuestion
    'Me facilitaron resolver mi problema.', // cesAgreementQuestionNoBrand
    'Totalmente en desacuerdo', // cesAgreementLow
    'Totalmente de acuerdo', // cesAgreementHigh
    '¿Cuánto esfuerzo tuviste que hacer personalmente?', // cesEffortQuestion
    'Muy poco esfuerzo', // cesEffortLow
    'Muchísimo esfuerzo', // cesEffortHigh
    '¿Qué podríamos mejorar?', // followUpNegative
    '¿Qué haría mejor tu experiencia?', // followUpNeutral
    '¿Qué es lo que más te gusta?', // followUpPositive
    'Escribe una respuesta antes de enviar.', // commentRequired
    'Enviar', // submit
    '¡Gracias por tu opinión!', // thankYou
    'Cerrar encuesta', // close
    'Encuesta de opinión', // surveyLabel
  ],
  fr: [
    `Quelle est la probabilité que vous recommandiez {brand} à un ami ou un collègue${nbsp}?`, // npsQuestion
    `Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue${nbsp}?`, // npsQuestionNoBrand
    'Pas du tout probable', // npsLow
    'Très probable', // npsHigh
    `Dans quelle mesure êtes-vous satisfait de votre expérience aujourd’hui${nbsp}?`, // csatQuestion
    'Très insatisfait', // csatLow
    'Très satisfait', // csatHigh
    '{brand} m’a facilité le traitement de ma demande.', // cesAgreementQuestion
    'Vous m’avez facilité le traitement de ma demande.', // cesAgreementQuestionNoBrand
    'Pas du tout d’accord', // cesAgreementLow
    'Tout à fait d’accord', // cesAgreementHigh
    `Quel effort avez-vous dû fournir personnellement${nbsp}?`, // cesEffortQuestion
    'Très peu d’effort', // cesEffortLow
    'Énormément d’effort', // cesEffortHigh
    `Que pourrions-nous améliorer${nbsp}?`, // followUpNegative
    `Qu’est-ce qui rendrait votre expérience meilleure${nbsp}?`, // followUpNeutral
    `Qu’appréciez-vous le plus${nbsp}?`, // followUpPositive
    'Veuillez écrire une réponse avant d’envoyer.', // commentRequired
    'Envoyer', // submit
    `Merci pour votre avis${nbsp}!`, // thankYou
    'Fermer le questionnaire', // close
    'Questionnaire de satisfaction', // surveyLabel
  ],
  de: [
    'Wie wahrscheinlich ist es, dass Sie {brand} einem Freund oder Kollegen weiterempfehlen?', // npsQuestion
    'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?', // npsQuestionNoBrand
    'Überhaupt nicht wahrscheinlich', // npsLow
    'Äußerst wahrscheinlich', // npsHigh
    'Wie zufrieden sind Sie heute mit Ihrer Erfahrung?', // csatQuestion
    'Sehr unzufrieden', // csatLow
    'Sehr zufrieden', // csatHigh
    '{brand} hat es mir leicht gemacht, mein Anliegen zu erledigen.', // cesAgreementQuestion
    'Sie haben es mir leicht gemacht, mein Anliegen zu erledigen.', // cesAgreementQuestionNoBrand
    'Stimme überhaupt nicht zu', // cesAgreementLow
    'Stimme voll und ganz zu', // cesAgreementHigh
    'Wie viel Aufwand mussten Sie persönlich betreiben?', // cesEffortQuestion
    'Sehr geringer Aufwand', // cesEffortLow
    'Sehr hoher Aufwand', // cesEffortHigh
    'Was könnten wir besser machen?', // followUpNegative
    'Was würde Ihre Erfahrung verbessern?', // followUpNeutral
    'Was gefällt Ihnen am besten?', // followUpPositive
    'Bitte schreiben Sie vor dem Senden eine Antwort.', // commentRequired
    'Senden', // submit
    'Vielen Dank für Ihr Feedback!', // thankYou
    'Umfrage schließen', // close
    'Feedback-Umfrage', // surveyLabel
  ],
  'pt-BR': [
    'Qual a probabilidade de você recomendar {brand} a um amigo ou colega?', // npsQuestion
    'Qual a probabilidade de você nos recomendar a um amigo ou colega?', // npsQuestionNoBrand
    'Nada provável', // npsLow
    'Extremamente provável', // npsHigh
    'Qual é o seu nível de satisfação com a sua experiência hoje?', // csatQuestion
    'Muito insatisfeito', // csatLow
    'Muito satisfeito', // csatHigh
    '{brand} facilitou a resolução do meu problema.', // cesAgreementQuestion
    'Vocês facilitaram a resolução do meu problema.', // cesAgreementQuestionNoBrand
    'Discordo totalmente', // cesAgreementLow
    'Concordo totalmente', // cesAgreementHigh
    'Quanto esforço você precisou fazer pessoalmente?', // cesEffortQuestion
    'Muito pouco esforço', // cesEffortLow
    'Muito esforço', // cesEffortHigh
    'O que poderíamos fazer melhor?', // followUpNegative
    'O que tornaria sua experiência melhor?', // followUpNeutral
    'Do que você mais gosta?', // followUpPositive
    'Escreva uma resposta antes de enviar.', // commentRequired
    'Enviar', // submit
    'Obrigado pelo seu feedback!', // thankYou
    'Fechar pesquisa', // close
    'Pesquisa de opinião', // surveyLabel
  ],
  ja: [
    '{brand}を友人や同僚に勧める可能性はどのくらいありますか？', // npsQuestion
    '当社を友人や同僚に勧める可能性はどのくらいありますか？', // npsQuestionNoBrand
    'まったく可能性がない', // npsLow
    '非常に可能性が高い', // npsHigh
    '本日のご体験にどの程度満足されましたか？', // csatQuestion
    'とても不満', // csatLow
    'とても満足', // csatHigh
    '{brand}のおかげで問題を簡単に解決できた。', // cesAgreementQuestion
    '当社のおかげで問題を簡単に解決できた。', // cesAgreementQuestionNoBrand
    'まったくそう思わない', // cesAgreementLow
    '強くそう思う', // cesAgreementHigh
    'ご自身でどの程度の労力が必要でしたか？', // cesEffortQuestion
    '労力はごくわずか', // cesEffortLow
    '非常に大きな労力', // cesEffortHigh
    '改善すべき点を教えてください。', // followUpNegative
    'より良い体験にするには何が必要ですか？', // followUpNeutral
    '特に気に入っている点は何ですか？', // followUpPositive
    '送信する前に回答を入力してください。', // commentRequired
    '送信', // submit
    'ご回答ありがとうございました！', // thankYou
    'アンケートを閉じる', // close
    'フィードバックアンケート', // surveyLabel
  ],
  ar: [
    'ما مدى احتمال أن توصي بـ{brand} لصديق أو زميل؟', // npsQuestion
    'ما مدى احتمال أن توصي بنا لصديق أو زميل؟', // npsQuestionNoBrand
    'غير محتمل على الإطلاق', // npsLow
    'محتمل للغاية', // npsHigh
    'ما مدى رضاك عن تجربتك اليوم؟', // csatQuestion
    'غير راضٍ إطلاقًا', // csatLow
    'راضٍ جدًا', // csatHigh
    'سهّلت {brand} عليّ حل مشكلتي.', // cesAgreementQuestion
    'سهّلتم عليّ حل مشكلتي.', // cesAgreementQuestionNoBrand
    'لا أوافق بشدة', // cesAgreementLow
    'أوافق بشدة', // cesAgreementHigh
    'ما مقدار الجهد الذي بذلته شخصيًا؟', // cesEffortQuestion
    'جهد قليل جدًا', // cesEffortLow
    'جهد كبير جدًا', // cesEffortHigh
    'ما الذي يمكننا تحسينه؟', // followUpNegative
    'ما الذي سيجعل تجربتك أفضل؟', // followUpNeutral
    'ما أكثر ما يعجبك؟', // followUpPositive
    'يُرجى كتابة إجابة قبل الإرسال.', // commentRequired
    'إرسال', // submit
    'شكرًا لملاحظاتك!', // thankYou
    'إغلاق الاستبيان', // close
    'استبيان الرأي', // surveyLabel
  ],
};

/** The built-in wording, per locale. */
export const locales = /* @__PURE__ */ Object.fromEntries(
  builtInLocales.map((locale) => [locale, namedStrings(wordings[locale])]),
) as Record<BuiltInLocale, Strings>;
