"""The two KUF modules as first published, from the course texts (shared/course-texts).

Seeded into the database by `seed_demo`; from then on the texts are edited in the admin.
Rationale and key purpose are the course texts' own words; learning outcomes, assessment
guidance and pass rule are the programme's first drafts for course administrators to refine.
"""

OPD_MODULE = {
    "code": "KUF-OPD",
    "slug": "engaging-effectively-with-offenders-with-personality-disorder",
    "title": "Engaging effectively with offenders with personality disorder",
    "display_order": 1,
    "summary": (
        "The underpinning knowledge, understanding and skills to engage effectively with "
        "offenders with personality disorder across the Offender Personality Disorder (OPD) "
        "pathway: relationships, social context, interpersonal processes and joint "
        "criminal justice and NHS delivery."
    ),
    "rationale": (
        "The National Personality Disorder Offender Pathway requires a whole systems approach "
        "across the criminal justice system and the NHS recognising the various stages of an "
        "offender’s journey, from conviction, sentence, and community based supervision and "
        "resettlement. The pathway aims to ensure that the treatment and management of "
        "offenders with personality disorder is psychologically informed and led by "
        "psychologically trained staff. In response to this, this module provides staff with "
        "the underpinning knowledge, understanding and skills to engage effectively with "
        "offenders."
    ),
    "key_purpose": (
        "The module will focus on the core principles of engaging effectively with a focus on "
        "relationships and the social context in which people live. The module will enable "
        "students to develop an understanding of key interpersonal processes that impact on "
        "engaging with offenders with personality disorder and the way in which joint service "
        "delivery can contain, support and intervene effectively."
    ),
    "learning_outcomes": "\n".join(
        [
            "Describe the aims and stages of the Offender Personality Disorder pathway, from "
            "sentence to resettlement.",
            "Explain the core principles of engaging effectively with offenders with "
            "personality disorder, with a focus on relationships and social context.",
            "Recognise key interpersonal processes, in yourself and others, that affect "
            "engagement.",
            "Reflect on how joint criminal justice and NHS delivery can contain, support and "
            "intervene effectively.",
        ]
    ),
    "context_heading": "",
    "context": "",
    "assessment_title": "Reflective case study",
    "assessment_guidance": (
        "Write a reflective case study of your work with one person on the OPD pathway. "
        "Describe the relationship and its social context, analyse the interpersonal processes "
        "at work, and show how joint working did or could contain, support and intervene. "
        "Every service user, colleague and site must be pseudonymised."
    ),
    "word_limit": 3000,
    "pass_rule": (
        "Marked Pass, Refer or Fail against the learning outcomes. A referred assignment may be "
        "resubmitted once, within the resubmission window."
    ),
    "certificate_wording": (
        "has successfully completed the assessed short course Engaging effectively with "
        "offenders with personality disorder within the Knowledge and Understanding Framework "
        "(KUF)."
    ),
}

WOMENS_MODULE = {
    "code": "KUF-WGPD",
    "slug": "women-gender-and-personality-disorder",
    "title": "Women, gender and personality disorder",
    "display_order": 2,
    "summary": (
        "The gender-sensitive component of the Knowledge and Understanding Framework: gender "
        "and identity for women with personality disorder in prisons, secure hospitals, "
        "hostels and community services."
    ),
    "rationale": (
        "Practitioners working with women with personality disorders need to be aware of the "
        "special and complex issues around gender and identity. Contexts in which these issues "
        "are particularly important include high and medium security prisons and mental health "
        "units, as well community-based services including hostels, and therapeutic settings.\n\n"
        "This module is a response to an explicit government request to develop a "
        "gender-sensitive component of the Knowledge and Understanding Framework (KUF). A "
        "critical understanding of gender and identity issues relating to personality disorder "
        "(PD) is essential for effective therapeutic understanding and intervention. Such "
        "understanding requires individual self-reflection aimed at developing a capacity to "
        "recognize relational aspects of this situation."
    ),
    "key_purpose": (
        "The key purpose of the module is to enable the students to develop an understanding of "
        "how the social constructs of gender and identity can inform their attempts to make "
        "sense of the presenting behaviours and maladaptive strategies of women diagnosed with "
        "a personality disorder."
    ),
    "learning_outcomes": "\n".join(
        [
            "Critically discuss how the social constructs of gender and identity shape the "
            "presentation of women diagnosed with a personality disorder.",
            "Make sense of presenting behaviours and maladaptive strategies in the light of "
            "trauma, self-harm and caring responsibilities.",
            "Reflect on your own responses and the relational aspects of your work with women.",
            "Apply gender-responsive, trauma-informed principles in prisons, secure hospitals, "
            "hostels or community services.",
        ]
    ),
    "context_heading": "The women offenders’ personality disorder strategy",
    "context": (
        "Men and women are different. The National Offender Management Service (NOMS) and the "
        "Department of Health (DH) have produced a separate strategy for women offenders with "
        "personality disorder: rates of borderline personality disorder are far higher for "
        "women than men; rates of self-harm are four times higher among female prisoners; and "
        "female prisoners have higher lifetime incidences of trauma.\n\n"
        "Target group: women with a current offence of violence against the person, criminal "
        "damage including arson, sexual offences (not economically motivated) and/or offences "
        "where the victim is a child; assessed as presenting a high risk of committing another "
        "serious offence; likely to have a severe form of personality disorder; and with a "
        "clinically justifiable link between these.\n\n"
        "Objectives include early identification of women who meet the entry criteria; high "
        "quality plans with clear treatment and intervention pathways; holistic, "
        "gender-responsive and trauma-informed treatment; improved psychological health and "
        "more pro-social behaviours; reduced risk of further offences; more effective joint "
        "working between health and criminal justice agencies; planned and safe return to the "
        "community; and the confidence and competence of staff in prisons, the Probation "
        "Service, local health providers, drug and alcohol agencies and the voluntary sector.\n\n"
        "Treatment services: the Primrose Unit at HMP Low Newton (delivered with Tees, Esk and "
        "Wear Valleys NHS Trust); the Therapeutic Community at HMP Send; specialist personality "
        "disorder treatment services at women’s prisons, the first at HMP Foston Hall; the "
        "Choices, Actions, Relationships, Emotions (CARE) programme; and psychologically "
        "informed planned environments (PIPEs) at Low Newton and Send."
    ),
    "assessment_title": "Gender-informed case formulation",
    "assessment_guidance": (
        "Write a case formulation of your work with one woman with a personality disorder. Show "
        "how gender and identity inform your understanding of her presenting behaviours and "
        "strategies, and reflect on the relational aspects of your own practice. Every woman, "
        "colleague and site must be pseudonymised."
    ),
    "word_limit": 3000,
    "pass_rule": (
        "Marked Pass, Refer or Fail against the learning outcomes. A referred assignment may be "
        "resubmitted once, within the resubmission window."
    ),
    "certificate_wording": (
        "has successfully completed the assessed short course Women, gender and personality "
        "disorder within the Knowledge and Understanding Framework (KUF)."
    ),
}

MODULES = [OPD_MODULE, WOMENS_MODULE]
