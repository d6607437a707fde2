/// Names for synthetic people: common given and family names in London. No real person is meant.
enum DemoNames {
    static let given = [
        "Aaliyah", "Adam", "Adebayo", "Aisha", "Alex", "Alice", "Amara", "Amir", "Amy", "Ana", "Andrew", "Anil", "Ben",
        "Bola", "Callum", "Charlotte", "Chen", "Chloe", "Chris", "Chidi", "Daniel", "David", "Deborah", "Dev",
        "Eleanor",
        "Elif", "Ella", "Emeka", "Emily", "Emma", "Fatima", "Femi", "Finn", "Funmi", "Gareth", "Grace", "Hannah",
        "Harry",
        "Hassan", "Imran", "Isabel", "Jack", "Jade", "James", "Jamal", "Jasmine", "Jessica", "John", "Joseph", "Kate",
        "Kemi", "Kieran", "Laura", "Leah", "Liam", "Lucy", "Luke", "Marcus", "Maria", "Mark", "Mei", "Michael",
        "Mohammed",
        "Nadia", "Natasha", "Nathan", "Niamh", "Nikhil", "Olivia", "Omar", "Oliver", "Patrick", "Priya", "Rachel",
        "Rahul",
        "Rebecca", "Richard", "Rosa", "Ryan", "Sam", "Samira", "Sarah", "Sean", "Shanice", "Sophie", "Stephen", "Sunil",
        "Tariq", "Thomas", "Tom", "Tunde", "Victoria", "Wei", "William", "Yasmin", "Yusuf", "Zainab", "Zoe",
    ]
    static let family = [
        "Adams", "Ahmed", "Ali", "Allen", "Anderson", "Appiah", "Baker", "Begum", "Bell", "Bennett", "Brown",
        "Campbell",
        "Chan", "Chowdhury", "Clarke", "Collins", "Cook", "Cooper", "Davies", "Davis", "Edwards", "Evans", "Fernandes",
        "Fisher", "Foster", "Francis", "Green", "Gupta", "Hall", "Harris", "Hill", "Hughes", "Hussain", "Jackson",
        "James",
        "Johnson", "Jones", "Kaur", "Kelly", "Khan", "King", "Kowalski", "Lee", "Lewis", "Martin", "Mensah", "Miah",
        "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Nguyen", "Nowak", "O'Brien", "Okafor", "Okonkwo", "Osei",
        "Owusu", "Parker", "Patel", "Phillips", "Price", "Rahman", "Roberts", "Robinson", "Rossi", "Scott", "Shah",
        "Sharma", "Silva", "Singh", "Smith", "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Ward",
        "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Yilmaz", "Young",
    ]
}
