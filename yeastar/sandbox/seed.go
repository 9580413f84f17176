package sandbox

// Partner is a subordinate user as the partner list serves it. Every
// field is a string, the ID included.
type Partner struct {
	PartnerID     string `json:"partnerId"`
	Company       string `json:"company"`
	Email         string `json:"email"`
	FirstName     string `json:"firstName"`
	LastName      string `json:"lastName"`
	UserType      string `json:"userType"`
	City          string `json:"city"`
	Country       string `json:"country"`
	Street        string `json:"street"`
	StateProvince string `json:"stateProvince"`
	ZipCode       string `json:"zipCode"`
	PhoneNumber   string `json:"phoneNumber"`
	TaxNum        string `json:"taxNum"`
	Remark        string `json:"remark"`
}

// BillingContact is a billing contact as the billing contact list serves
// it. Every field is a string; the e-mail key is emailAddress.
type BillingContact struct {
	BillingContactID string `json:"billingContactId"`
	EmailAddress     string `json:"emailAddress"`
	FirstName        string `json:"firstName"`
	LastName         string `json:"lastName"`
	Company          string `json:"company"`
	City             string `json:"city"`
	Country          string `json:"country"`
	Street           string `json:"street"`
	StateProvince    string `json:"stateProvince"`
	ZipCode          string `json:"zipCode"`
	PhoneNumber      string `json:"phoneNumber"`
}

// Service is a service of product 19 (Add-on Service) as
// purchase_product_info serves it. UnitPrice is in US dollars per year.
type Service struct {
	ServiceID    string `json:"serviceId"`
	ServiceName  string `json:"serviceName"`
	ServiceType  string `json:"serviceType"`
	PurchaseType string `json:"purchaseType"`
	BillingModel string `json:"billingModel"`
	BillingCycle string `json:"billingCycle"`
	UnitPrice    string `json:"unitPrice"`
}

// Product is an entry of the product list.
type Product struct {
	Name      string `json:"name"`
	ProductID int64  `json:"productId"`
}

// addOnProductID is the product whose services can be ordered.
const addOnProductID = 19

// Demo IDs the tests and samples refer to.
const (
	// TutorialBillingID is the billing contact of the vendor tutorial.
	TutorialBillingID = "3197218168379846218"
	// CustomDomainNameID is the tutorial's Custom Domain Name service.
	CustomDomainNameID = "3181927247249457152"
	// ZerosServiceID is a real service ID that ends in four zeros, like
	// an ID a spreadsheet rounded; it must still resolve.
	ZerosServiceID = "3181927247257890000"
)

// DemoPartners are the sandbox's subordinate customers. Two share the
// company name "Northwind Traders" so that a lookup by company name can
// be ambiguous. Fjord Fisheries AS is meant for
// Options.InsufficientBalancePartner and is not used by samples/.
var DemoPartners = []Partner{
	{
		PartnerID: "3102447813542051840", Company: "Acme Telecom Ltd",
		Email: "nadia.okafor@acmetelecom.example", FirstName: "Nadia",
		LastName: "Okafor", UserType: "Customer", City: "London",
		Country: "United Kingdom", Street: "12 Shoreditch High St",
		StateProvince: "England", ZipCode: "E1 6JE",
		PhoneNumber: "+44 20 7946 0101", TaxNum: "GB123456789",
	},
	{
		PartnerID: "3104981276653387776", Company: "Bluebird Hotels",
		Email: "it@bluebirdhotels.example", FirstName: "Tomas",
		LastName: "Lindqvist", UserType: "Customer", City: "Stockholm",
		Country: "Sweden", Street: "Drottninggatan 45",
		StateProvince: "Stockholm County", ZipCode: "111 21",
		PhoneNumber: "+46 8 555 010 20", TaxNum: "SE556677889901",
	},
	{
		PartnerID: "3107715530911457280", Company: "Cedar Dental Group",
		Email: "admin@cedardental.example", FirstName: "Priya",
		LastName: "Raman", UserType: "Customer", City: "Toronto",
		Country: "Canada", Street: "200 Bay St",
		StateProvince: "Ontario", ZipCode: "M5J 2J2",
		PhoneNumber: "+1 416 555 0142",
	},
	{
		PartnerID: "3110268934872145920", Company: "Northwind Traders",
		Email: "accounts@northwind-uk.example", FirstName: "Oliver",
		LastName: "Bennett", UserType: "Customer", City: "Leeds",
		Country: "United Kingdom", Street: "8 Park Row",
		StateProvince: "England", ZipCode: "LS1 5HD",
		PhoneNumber: "+44 113 496 0300", Remark: "UK office",
	},
	{
		PartnerID: "3110268934991372288", Company: "Northwind Traders",
		Email: "accounts@northwind-au.example", FirstName: "Chloe",
		LastName: "Nguyen", UserType: "Customer", City: "Melbourne",
		Country: "Australia", Street: "120 Collins St",
		StateProvince: "Victoria", ZipCode: "3000",
		PhoneNumber: "+61 3 9555 0170", Remark: "Australian office",
	},
	{
		PartnerID: "3113556109026582528", Company: "Delta Logistics GmbH",
		Email: "technik@delta-logistics.example", FirstName: "Jonas",
		LastName: "Weber", UserType: "Customer", City: "Hamburg",
		Country: "Germany", Street: "Am Sandtorkai 7",
		StateProvince: "Hamburg", ZipCode: "20457",
		PhoneNumber: "+49 40 5555 0123", TaxNum: "DE812345678",
	},
	{
		PartnerID: "3116842392117411840", Company: "Fjord Fisheries AS",
		Email: "post@fjordfisheries.example", FirstName: "Ingrid",
		LastName: "Solberg", UserType: "Customer", City: "Bergen",
		Country: "Norway", Street: "Bryggen 3",
		StateProvince: "Vestland", ZipCode: "5003",
		PhoneNumber: "+47 55 55 01 30",
		Remark:      "demo account for insufficient balance",
	},
}

// DemoBillingContacts are the reseller's billing contacts; the first is
// the vendor tutorial's. Names and e-mail addresses are unique.
var DemoBillingContacts = []BillingContact{
	{
		BillingContactID: TutorialBillingID,
		EmailAddress:     "alice.martin@reseller.example",
		FirstName:        "Alice", LastName: "Martin",
		Company: "Harbor Comms Ltd", City: "Bristol",
		Country: "United Kingdom", Street: "1 Harbourside",
		StateProvince: "England", ZipCode: "BS1 5DB",
		PhoneNumber: "+44 117 496 0001",
	},
	{
		BillingContactID: "3199540021876523008",
		EmailAddress:     "bob.chen@reseller.example",
		FirstName:        "Bob", LastName: "Chen",
		Company: "Harbor Comms Ltd", City: "Bristol",
		Country: "United Kingdom", Street: "1 Harbourside",
		StateProvince: "England", ZipCode: "BS1 5DB",
		PhoneNumber: "+44 117 496 0002",
	},
	{
		BillingContactID: "3201876543210987520",
		EmailAddress:     "finance@reseller.example",
		FirstName:        "Carla", LastName: "Diaz",
		Company: "Harbor Comms Ltd", City: "Bristol",
		Country: "United Kingdom", Street: "1 Harbourside",
		StateProvince: "England", ZipCode: "BS1 5DB",
		PhoneNumber: "+44 117 496 0003",
	},
	{
		BillingContactID: "3203312789456123904",
		EmailAddress:     "ap@reseller.example",
		FirstName:        "David", LastName: "Osei",
		Company: "Harbor Comms Ltd", City: "Bristol",
		Country: "United Kingdom", Street: "1 Harbourside",
		StateProvince: "England", ZipCode: "BS1 5DB",
		PhoneNumber: "+44 117 496 0004",
	},
}

// DemoServices are the services of product 19. Custom Domain Name has
// the tutorial's ID; YCM White Label's ID ends in four zeros.
var DemoServices = []Service{
	demoService(CustomDomainNameID, "Custom Domain Name", "10.00"),
	demoService("3181927247253364736", "PCE White Label", "300.00"),
	demoService(ZerosServiceID, "YCM White Label", "150.00"),
}

// DemoProducts is the product list, with the product IDs of the guide.
var DemoProducts = []Product{
	{Name: "Linkus Cloud Service", ProductID: 9},
	{Name: "P-Series Appliance Edition", ProductID: 11},
	{Name: "P-Series Software Edition", ProductID: 12},
	{Name: "P-Series Cloud Edition", ProductID: 13},
	{Name: "P-Series Turnkey Package", ProductID: 14},
	{Name: "Remote Management", ProductID: 15},
	{Name: "Add-on Service", ProductID: addOnProductID},
	{Name: "Remote Management Premium", ProductID: 20},
}

// demoService is an annually recurring service that can be purchased.
func demoService(id, name, price string) Service {
	return Service{
		ServiceID: id, ServiceName: name, ServiceType: "service",
		PurchaseType: "purchase", BillingModel: "recurring",
		BillingCycle: "annually", UnitPrice: price,
	}
}
